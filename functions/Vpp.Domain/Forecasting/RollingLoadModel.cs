namespace Vpp.Domain.Forecasting;

/// <summary>
/// The GEFCom-style regression as a forecaster in the field runs it: fitted on every interval before an origin, then
/// moved forward a day at a time, each day's out-of-sample errors feeding the prediction intervals before its rows join
/// the fit. The backtest and the live forecaster share it, so what is scored is what runs.
/// </summary>
internal sealed class RollingLoadModel
{
    private readonly RegularSeries load;
    private readonly RegularSeries? temperature;
    private readonly TimeZoneInfo zone;
    private readonly LoadFeatures features;
    private readonly NormalEquations equations;
    private readonly ResidualQuantiles residuals = new();
    private readonly double[] row;
    private readonly double fallbackLoad;
    private double[] beta = [];

    /// <summary>Fits on every interval of <paramref name="load"/> before <paramref name="origin"/>.</summary>
    public RollingLoadModel(RegularSeries load, RegularSeries? temperature, TimeZoneInfo zone, DateTimeOffset origin)
    {
        this.load = load;
        this.temperature = temperature;
        this.zone = zone;
        var trainingEnd = IndexAtOrAfter(load, origin);

        // Temperature statistics from training history only: nothing after the origin leaks into the model.
        var trainingTemperatures = temperature?.Values.Take(Math.Max(0, IndexAtOrAfter(temperature, origin))).Where(double.IsFinite).ToArray() ?? [];
        var withTemperature = trainingTemperatures.Length > 0;
        var mean = withTemperature ? trainingTemperatures.Average() : 0;
        var scale = withTemperature ? Math.Max(1e-6, Math.Sqrt(trainingTemperatures.Average(v => (v - mean) * (v - mean)))) : 1;
        features = new LoadFeatures(zone, load.Start, withTemperature, mean, scale,
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

    /// <summary>The fitted mean with the quantiles of recent errors at the same local hour (NaN until enough errors).</summary>
    public ProbabilisticForecast Forecast(DateTimeOffset instant)
    {
        var fitted = Fit(instant);
        var (low, median, high) = residuals.Offsets(TimeZoneInfo.ConvertTime(instant, zone).Hour);
        return new ProbabilisticForecast(instant, fitted + low, fitted + median, fitted + high);
    }

    /// <summary>A day's actuals arrive: its errors (against the current fit) calibrate the intervals, its rows join the fit.</summary>
    public void Absorb(int fromIndex, int toIndex)
    {
        for (var i = fromIndex; i < toIndex; i++)
        {
            var instant = load.TimeAt(i);
            residuals.Add(TimeZoneInfo.ConvertTime(instant, zone).Hour, load.Values[i] - Fit(instant));
            Learn(i);
        }
    }

    private void Learn(int i)
    {
        var y = load.Values[i];
        if (double.IsFinite(y) && features.TryFill(row, load.TimeAt(i), Temperature, Load, fallbackLoad))
        {
            equations.Add(row, y);
        }
    }

    private double Temperature(DateTimeOffset t) => temperature?.ValueAt(t) ?? double.NaN;

    private double Load(DateTimeOffset t) => load.ValueAt(t);

    private static int IndexAtOrAfter(RegularSeries series, DateTimeOffset instant) =>
        (int)Math.Clamp(Math.Ceiling((instant - series.Start) / series.Resolution), 0, series.Count);
}
