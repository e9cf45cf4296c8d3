namespace Vpp.Domain.Settlement;

/// <summary>
/// A device's baseline for an event, with what a statement needs to explain it: the method, the baseline energy per
/// event interval, the like days averaged, a day-of ratio as measured and as applied (capped or not) or the energy an
/// additive adjustment added to each interval, and a note when the method fell back or capped.
/// </summary>
public sealed record BaselineEstimate(
    string Method,
    IReadOnlyList<double> IntervalKwh,
    IReadOnlyList<DateOnly> LikeDays,
    double? MeasuredRatio,
    double AppliedRatio,
    string? Note,
    double AddedKwhPerInterval = 0)
{
    public double TotalKwh => IntervalKwh.Sum();

    public bool Capped => MeasuredRatio is { } measured && Math.Abs(measured - AppliedRatio) > 1e-12;
}
