namespace Vpp.Domain.Forecasting;

/// <summary>
/// Adaptive conformal inference (Gibbs and Candès, 2021) for a P10–P90 interval: each tail's quantile level moves a
/// small step after every scored actual, down when the actual fell inside that tail's bound and up when it fell
/// beyond it, so that over time each tail is missed 10 % of the time even when errors drift (a mild winter followed
/// by a cold snap) or the empirical errors are lumpy (gas meters reading zero all night). Each tail adapts on its own:
/// household load misses high far more often than low.
/// </summary>
public sealed class AdaptiveIntervalLevels
{
    private const double LowTarget = 0.1;
    private const double HighTarget = 0.9;
    private readonly double step;

    /// <param name="stepPerDay">How far a day of misses (or hits) at one tail moves its level.</param>
    /// <param name="pointsPerDay">Actuals per day, so that the step per actual does not depend on the resolution.</param>
    public AdaptiveIntervalLevels(double stepPerDay, int pointsPerDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepPerDay);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerDay, 1);
        step = stepPerDay / pointsPerDay;
    }

    /// <summary>The quantile level of the lower bound (starts at 0.1).</summary>
    public double Low { get; private set; } = LowTarget;

    /// <summary>The quantile level of the upper bound (starts at 0.9).</summary>
    public double High { get; private set; } = HighTarget;

    /// <summary>Scores one issued interval against its actual; intervals that were not issued (NaN) teach nothing.</summary>
    public void Observe(double actual, double low, double high)
    {
        if (!double.IsFinite(actual) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            return;
        }

        Low = Math.Clamp(Low + (step * ((actual < low ? 0 : 1) - (1 - LowTarget))), 0, 0.5);
        High = Math.Clamp(High + (step * ((actual > high ? 1 : 0) - (1 - HighTarget))), 0.5, 1);
    }
}
