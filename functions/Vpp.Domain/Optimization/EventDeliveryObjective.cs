namespace Vpp.Domain.Optimization;

/// <summary>
/// Reduce the program's load by <see cref="ReductionKw"/> below its baseline in every interval of
/// [<see cref="FirstInterval"/>, <see cref="EndInterval"/>), at the least customer impact.
/// </summary>
public sealed record EventDeliveryObjective(int FirstInterval, int EndInterval, double ReductionKw) : PlanObjective
{
    public override string Name => "event-delivery";
}
