namespace Vpp.Domain.Optimization;

/// <summary>Minimise the energy cost of the program's load under a price per kWh for each interval (day-ahead or time-of-use).</summary>
public sealed record EnergyCostObjective(IReadOnlyList<decimal> PricePerKwh) : PlanObjective
{
    public override string Name => "energy-cost";
}
