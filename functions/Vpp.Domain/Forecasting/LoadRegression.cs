using Vpp.Domain.Calendar;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// The GEFCom "vanilla" regression fitted by accumulated normal equations: rows join as their actuals arrive, and a
/// refit costs one Cholesky solve whatever the history's length.
/// </summary>
internal sealed class LoadRegression
{
    private readonly RegularSeries load;
    private readonly RegularSeries? temperature;
    private readonly LoadFeatures features;
    private readonly NormalEquations equations;
    private readonly double[] row;
    private readonly double fallbackLoad;
    private double[] beta = [];

    /// <summary>
    /// Temperature statistics come from the history before <paramref name="trainingEnd"/> only: nothing after the
    /// origin leaks into the model. Without temperature (null), the calendar and recency terms alone.
    /// </summary>
    public LoadRegression(RegularSeries load, RegularSeries? temperature, TimeZoneInfo zone, HolidayCalendar holidays, int trainingEnd, DateTimeOffset origin)
    {
        this.load = load;
        this.temperature = temperature;
        var trainingTemperatures = temperature?.Values.Take(Math.Max(0, IndexAtOrAfter(temperature, origin))).Where(double.IsFinite).ToArray() ?? [];
        var withTemperature = trainingTemperatures.Length > 0;
        var mean = withTemperature ? trainingTemperatures.Average() : 0;
        var scale = withTemperature ? Math.Max(1e-6, Math.Sqrt(trainingTemperatures.Average(v => (v - mean) * (v - mean)))) : 1;
        features = new LoadFeatures(zone, holidays, load.Start, withTemperature, mean, scale,
            withTemperature ? trainingTemperatures.Min() : 0, withTemperature ? trainingTemperatures.Max() : 0);
        fallbackLoad = load.Values.Take(Math.Max(1, trainingEnd)).Where(double.IsFinite).DefaultIfEmpty(0).Average();
        equations = new NormalEquations(features.Count);
        row = new double[features.Count];
        for (var i = 0; i < trainingEnd; i++)
        {
            Learn(i);
        }
    }

    public int TrainingRows => equations.Rows;

    public void Refit() => beta = equations.Solve();

    /// <summary>The fitted mean at an instant; NaN when an input the model needs (temperature) is missing.</summary>
    public double Fit(DateTimeOffset instant) =>
        features.TryFill(row, instant, Temperature, Load, fallbackLoad) ? LinearModel.Predict(beta, row) : double.NaN;

    public void Learn(int i)
    {
        var y = load.Values[i];
        if (double.IsFinite(y) && features.TryFill(row, load.TimeAt(i), Temperature, Load, fallbackLoad))
        {
            equations.Add(row, y);
        }
    }

    internal static int IndexAtOrAfter(RegularSeries series, DateTimeOffset instant) =>
        (int)Math.Clamp(Math.Ceiling((instant - series.Start) / series.Resolution), 0, series.Count);

    private double Temperature(DateTimeOffset t) => temperature?.ValueAt(t) ?? double.NaN;

    private double Load(DateTimeOffset t) => load.ValueAt(t);
}
