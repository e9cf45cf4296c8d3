namespace Vpp.Domain.Optimization;

/// <summary>
/// Similar batteries modelled as one virtual battery: energies and power limits add up. Members share an efficiency
/// (so the virtual battery's losses are exact) and a C-rate (power over usable energy, so they can all follow the
/// virtual battery's trajectory together); the planner's answer is disaggregated back to each member.
/// </summary>
public sealed class BatteryCohort(IReadOnlyList<BatteryState> members)
{
    public IReadOnlyList<BatteryState> Members { get; } = members;

    public double EnergyKwh { get; } = members.Sum(m => m.EnergyKwh);

    public double MinEnergyKwh { get; } = members.Sum(m => m.MinEnergyKwh);

    public double MaxEnergyKwh { get; } = members.Sum(m => m.MaxEnergyKwh);

    /// <summary>
    /// Power the cohort can charge at while every member takes a share proportional to its room (see
    /// <see cref="Disaggregation"/>): the member with the least power for its room binds. Shares keep their ratios
    /// while the cohort charges, so the bound holds for the whole charge.
    /// </summary>
    public double MaxChargeKw { get; } = Derated(members, m => m.MaxChargeKw, m => (m.MaxEnergyKwh - m.EnergyKwh) / m.OneWayEfficiency);

    /// <summary>The same for discharging, with shares proportional to each member's energy above its reserve.</summary>
    public double MaxDischargeKw { get; } = Derated(members, m => m.MaxDischargeKw, m => (m.EnergyKwh - m.MinEnergyKwh) * m.OneWayEfficiency);

    public double OneWayEfficiency { get; } = members.Count == 0 ? 1 : members.Average(m => m.OneWayEfficiency);

    private static double Derated(IReadOnlyList<BatteryState> members, Func<BatteryState, double> power, Func<BatteryState, double> headroom)
    {
        var total = members.Sum(power);
        var room = members.Sum(m => Math.Max(0, headroom(m)));
        var bound = members.Where(m => headroom(m) > 1e-9).Select(m => power(m) * room / headroom(m)).DefaultIfEmpty(total).Min();
        return Math.Min(total, bound);
    }

    /// <summary>Groups batteries into cohorts of equal efficiency (to 0.01) and C-rate (to 0.05 per hour).</summary>
    public static IReadOnlyList<BatteryCohort> Group(IEnumerable<BatteryState> batteries) =>
        batteries
            .GroupBy(b => (Math.Round(b.OneWayEfficiency, 2), Math.Round(b.MaxDischargeKw / Math.Max(0.1, b.MaxEnergyKwh - b.MinEnergyKwh) / 0.05)))
            .Select(g => new BatteryCohort(g.ToList()))
            .ToList();
}
