namespace Vpp.Domain.Optimization;

/// <summary>Minimise the program's highest net load over the horizon.</summary>
public sealed record PeakShavingObjective : PlanObjective
{
    public override string Name => "peak-shaving";
}
