namespace Vpp.Domain.Optimization;

/// <summary>
/// Checks a device plan against the device's own limits, independently of how the plan was made: power within its
/// bounds in every interval, never between nothing and the device's minimum running power (unless it fills the
/// device), and the stored energy within its floors and ceilings (as relaxed only where <see cref="DeviceEnvelope"/>
/// reported a conflict).
/// </summary>
public static class PlanFeasibility
{
    private const double ToleranceKw = 1e-6;
    private const double ToleranceKwh = 1e-6;

    /// <summary>The violations, each with the interval and by how much; empty when the plan is feasible.</summary>
    public static IReadOnlyList<string> Violations(DeviceEnvelope envelope, DevicePlan plan)
    {
        var device = envelope.Device;
        var violations = new List<string>();
        if (plan.PowerKw.Length != device.Intervals)
        {
            return [$"{device.DeviceId}: the plan has {plan.PowerKw.Length} intervals, the device {device.Intervals}"];
        }

        var energy = device.InitialEnergyKwh;
        for (var t = 0; t < plan.PowerKw.Length; t++)
        {
            var p = plan.PowerKw[t];
            if (p > device.MaxPowerKw[t] + ToleranceKw || p < device.MinPowerKw[t] - ToleranceKw)
            {
                violations.Add(FormattableString.Invariant($"interval {t}: {p:0.###} kW is outside [{device.MinPowerKw[t]:0.###}, {device.MaxPowerKw[t]:0.###}] kW"));
            }

            if (!envelope.CanRunAt(t, energy, p, ToleranceKw))
            {
                violations.Add(FormattableString.Invariant($"interval {t}: {p:0.###} kW is below the {device.RunningFloorKw(t):0.###} kW the device runs at, and does not fill it"));
            }

            energy = envelope.Next(t, energy, p);
            // Tightening only raises floors and lowers ceilings; the envelope is outside them only where it relaxed a conflict.
            var floor = Math.Min(device.MinEnergyKwh[t], envelope.LowerKwh[t]);
            var ceiling = Math.Max(device.MaxEnergyKwh[t], envelope.UpperKwh[t]);

            if (energy < floor - ToleranceKwh)
            {
                violations.Add(FormattableString.Invariant($"interval {t}: energy {energy:0.###} kWh is below the floor {floor:0.###} kWh by {floor - energy:0.###}"));
            }

            if (energy > ceiling + ToleranceKwh)
            {
                violations.Add(FormattableString.Invariant($"interval {t}: energy {energy:0.###} kWh exceeds the ceiling {ceiling:0.###} kWh by {energy - ceiling:0.###}"));
            }
        }

        return violations;
    }
}
