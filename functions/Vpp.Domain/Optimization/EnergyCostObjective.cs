namespace Vpp.Domain.Optimization;

/// <summary>Minimise the energy cost of the program's load under a price per kWh for each interval (day-ahead or time-of-use).</summary>
public sealed record EnergyCostObjective(IReadOnlyList<decimal> PricePerKwh) : PlanObjective
{
    public override string Name => "energy-cost";

    /// <summary>
    /// What a net load (kW per interval) costs at these prices, to the cent: exports are credited at the same price,
    /// as under net metering.
    /// </summary>
    public decimal CostOf(IReadOnlyList<double> netKw, double intervalHours) =>
        Math.Round(netKw.Select((kw, t) => PricePerKwh[t] * (decimal)(kw * intervalHours)).Sum(), 2);
}
