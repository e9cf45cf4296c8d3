namespace Vpp.Domain.Optimization;

/// <summary>What a plan is for: shave the peak, minimise energy cost, or deliver an event's reduction.</summary>
public abstract record PlanObjective
{
    public abstract string Name { get; }
}
