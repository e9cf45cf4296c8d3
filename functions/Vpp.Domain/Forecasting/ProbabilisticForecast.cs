namespace Vpp.Domain.Forecasting;

/// <summary>A forecast for one interval: the median and the 10 % and 90 % quantiles.</summary>
public readonly record struct ProbabilisticForecast(DateTimeOffset Time, double P10, double P50, double P90)
{
    /// <summary>Whether <paramref name="actual"/> fell inside the 80 % interval [P10, P90].</summary>
    public bool Covers(double actual) => actual >= P10 && actual <= P90;
}
