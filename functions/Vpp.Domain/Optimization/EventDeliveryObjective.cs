namespace Vpp.Domain.Optimization;

/// <summary>
/// Reduce the program's load by <see cref="ReductionKw"/> below its baseline in every interval of
/// [<see cref="FirstInterval"/>, <see cref="EndInterval"/>), at the least customer impact, less what devices outside
/// the plan already shed there (<see cref="ShedElsewhereKw"/>). Stores need not end the horizon as full as they began:
/// a tank or a battery the event drew down is refilled after it.
/// </summary>
public sealed record EventDeliveryObjective(int FirstInterval, int EndInterval, double ReductionKw) : PlanObjective
{
    public override string Name => "event-delivery";

    /// <summary>Per interval of the horizon, what devices the plan does not move shed towards the reduction (devices keeping an earlier plan's part).</summary>
    public IReadOnlyList<double>? ShedElsewhereKw { get; init; }

    /// <summary>The reduction the plan's devices owe in interval <paramref name="t"/>.</summary>
    public double ReductionAt(int t) => ShedElsewhereKw is { } elsewhere ? Math.Max(0, ReductionKw - elsewhere[t]) : ReductionKw;

    /// <summary>The window's intervals that fall within a horizon of <paramref name="intervals"/>.</summary>
    public IEnumerable<int> WindowWithin(int intervals)
    {
        var first = Math.Max(0, FirstInterval);
        return Enumerable.Range(first, Math.Max(0, Math.Min(intervals, EndInterval) - first));
    }
}
