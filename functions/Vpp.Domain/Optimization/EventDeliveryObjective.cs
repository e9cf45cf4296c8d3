namespace Vpp.Domain.Optimization;

/// <summary>
/// Reduce the program's load by <see cref="ReductionKw"/> below its baseline in every interval of
/// [<see cref="FirstInterval"/>, <see cref="EndInterval"/>), at the least customer impact. Stores need not end the
/// horizon as full as they began: a tank or a battery the event drew down is refilled after it.
/// </summary>
public sealed record EventDeliveryObjective(int FirstInterval, int EndInterval, double ReductionKw) : PlanObjective
{
    public override string Name => "event-delivery";

    /// <summary>The window's intervals that fall within a horizon of <paramref name="intervals"/>.</summary>
    public IEnumerable<int> WindowWithin(int intervals)
    {
        var first = Math.Max(0, FirstInterval);
        return Enumerable.Range(first, Math.Max(0, Math.Min(intervals, EndInterval) - first));
    }
}
