namespace Vpp.Domain.Optimization;

/// <summary>Checks a device plan against the device's own limits, independently of how the plan was made.</summary>
public static class PlanFeasibility
{
    private const double ToleranceKw = 1e-6;
    private const double ToleranceKwh = 1e-6;

    /// <summary>The violations, each with the interval and by how much; empty when the plan is feasible.</summary>
    public static IReadOnlyList<string> Violations(BatteryState battery, DevicePlan plan, double intervalHours)
    {
        var violations = new List<string>();
        var energy = battery.EnergyKwh;
        for (var t = 0; t < plan.PowerKw.Length; t++)
        {
            var p = plan.PowerKw[t];
            if (p > battery.MaxChargeKw + ToleranceKw || -p > battery.MaxDischargeKw + ToleranceKw)
            {
                violations.Add($"interval {t}: {p:0.###} kW is outside [-{battery.MaxDischargeKw}, {battery.MaxChargeKw}] kW");
            }

            energy += p >= 0 ? p * battery.OneWayEfficiency * intervalHours : p / battery.OneWayEfficiency * intervalHours;
            if (energy < battery.MinEnergyKwh - ToleranceKwh)
            {
                violations.Add($"interval {t}: energy {energy:0.###} kWh is below the backup reserve {battery.MinEnergyKwh:0.###} kWh by {battery.MinEnergyKwh - energy:0.###}");
            }

            if (energy > battery.MaxEnergyKwh + ToleranceKwh)
            {
                violations.Add($"interval {t}: energy {energy:0.###} kWh exceeds capacity {battery.MaxEnergyKwh:0.###} kWh");
            }
        }

        return violations;
    }
}
