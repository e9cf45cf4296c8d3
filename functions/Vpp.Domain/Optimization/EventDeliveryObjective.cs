namespace Vpp.Domain.Optimization;

/// <summary>
/// Reduce the program's load by <see cref="ReductionKw"/> below its baseline in every interval of
/// [<see cref="FirstInterval"/>, <see cref="EndInterval"/>), at the least customer impact. With a
/// <see cref="RecoveryCapKw"/>, the intervals after the window (the recovery: houses re-cooled, tanks reheated, cars
/// charged) keep the program's load at or under it where they can, so the deferred load does not come back as a new peak.
/// </summary>
public sealed record EventDeliveryObjective(int FirstInterval, int EndInterval, double ReductionKw, double? RecoveryCapKw = null) : PlanObjective
{
    public override string Name => "event-delivery";

    /// <summary>The window's intervals that fall within a horizon of <paramref name="intervals"/>.</summary>
    public IEnumerable<int> WindowWithin(int intervals)
    {
        var first = Math.Max(0, FirstInterval);
        return Enumerable.Range(first, Math.Max(0, Math.Min(intervals, EndInterval) - first));
    }

    /// <summary>The intervals after the window, within a horizon of <paramref name="intervals"/>: the recovery.</summary>
    public IEnumerable<int> RecoveryWithin(int intervals) => Enumerable.Range(Math.Max(0, EndInterval), Math.Max(0, intervals - Math.Max(0, EndInterval)));
}
