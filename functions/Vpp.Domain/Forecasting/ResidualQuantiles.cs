namespace Vpp.Domain.Forecasting;

/// <summary>
/// Prediction intervals from empirical out-of-sample errors: the 10 %, 50 % and 90 % quantiles of recent forecast
/// errors at the same local hour and its two neighbours (errors differ between the night trough and the evening peak).
/// Household load is right-skewed, so the least-squares fit is a mean; adding the median error makes P50 the median,
/// which is what minimises absolute error.
/// </summary>
public sealed class ResidualQuantiles(int windowDays = 56)
{
    private const int MinimumErrors = 10;
    private readonly List<(int Hour, double Error)> errors = [];

    public int Count => errors.Count;

    public void Add(int localHour, double actualMinusForecast)
    {
        if (double.IsFinite(actualMinusForecast))
        {
            errors.Add((localHour, actualMinusForecast));
            if (errors.Count > windowDays * 24)
            {
                errors.RemoveAt(0);
            }
        }
    }

    public (double Low, double Median, double High) Offsets(int localHour) => Offsets(localHour, 0.1, 0.9);

    /// <summary>
    /// The errors' quantiles at <paramref name="lowLevel"/>, 0.5 and <paramref name="highLevel"/>: near the hour, or
    /// over every hour while the hour has too few (a young or gappy history); NaN until enough errors.
    /// </summary>
    public (double Low, double Median, double High) Offsets(int localHour, double lowLevel, double highLevel)
    {
        var near = Near(localHour);
        if (near.Count < MinimumErrors)
        {
            near = [.. errors.Select(e => e.Error).Order()];
        }

        return near.Count < MinimumErrors ? (double.NaN, double.NaN, double.NaN) : (Quantiles.Of(near, lowLevel), Quantiles.Of(near, 0.5), Quantiles.Of(near, highLevel));
    }

    /// <summary>
    /// The median error near the hour and the mean absolute error once that median is added back (what the forecast
    /// would have scored); NaN and infinity until the hour has enough errors (a score needs evidence at that hour).
    /// </summary>
    public (double Median, double MeanAbsoluteDeviation) Centre(int localHour)
    {
        var near = Near(localHour);
        if (near.Count < MinimumErrors)
        {
            return (double.NaN, double.PositiveInfinity);
        }

        var median = Quantiles.Of(near, 0.5);
        return (median, near.Average(e => Math.Abs(e - median)));
    }

    private List<double> Near(int localHour) =>
        errors.Where(e => Math.Min((e.Hour - localHour + 24) % 24, (localHour - e.Hour + 24) % 24) <= 1).Select(e => e.Error).Order().ToList();
}
