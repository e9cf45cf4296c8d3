namespace Vpp.Domain.Optimization;

/// <summary>
/// Splits a cohort's planned power among its members, interval by interval. The cohort's plan puts its stored energy
/// at some relative position between the sum of the members' floors and the sum of their ceilings; each member is
/// steered to the same relative position within its own envelope, so members with different needs, sizes and
/// deadlines move together and none is left to catch up later. The power that takes a member there is clamped to the
/// range that keeps it inside its own envelope (so a must-run, such as an EV that must charge now to be ready by
/// departure, is always honoured), and whatever the clamping leaves of the cohort's target is shared among members
/// with room left, in proportion to that room (water-filling). Every member's plan is feasible by construction; what
/// the members cannot deliver is returned as the cohort's deviation, never hidden.
/// </summary>
public static class Disaggregation
{
    public static (IReadOnlyList<DevicePlan> Plans, double[] DeviationKw) Split(DeviceCohort cohort, IReadOnlyList<double> cohortPowerKw)
    {
        var members = cohort.Members;
        var count = members.Count;
        var intervals = cohortPowerKw.Count;
        var energy = members.Select(m => m.Device.InitialEnergyKwh).ToArray();
        var power = members.Select(_ => new double[intervals]).ToArray();
        var trajectory = members.Select(_ => new double[intervals]).ToArray();
        var deviation = new double[intervals];
        var min = new double[count];
        var max = new double[count];
        var share = new double[count];
        var capacity = new double[count];
        var cohortEnergy = cohort.InitialEnergyKwh;
        var hours = members[0].IntervalHours;
        for (var t = 0; t < intervals; t++)
        {
            cohortEnergy += (cohortPowerKw[t] >= 0 ? cohortPowerKw[t] * cohort.ChargeEfficiency : cohortPowerKw[t] / cohort.DischargeEfficiency) * hours;
            cohortEnergy -= cohort.DrainKw[t] * hours;
            var span = cohort.UpperKwh[t] - cohort.LowerKwh[t];
            var position = span > 1e-9 ? Math.Clamp((cohortEnergy - cohort.LowerKwh[t]) / span, 0, 1) : 0.5;
            var assigned = 0.0;
            for (var i = 0; i < count; i++)
            {
                var m = members[i];
                (min[i], max[i]) = m.PowerRange(t, energy[i]);
                var target = m.LowerKwh[t] + (position * (m.UpperKwh[t] - m.LowerKwh[t]));
                share[i] = Math.Clamp(m.Device.PowerFor(target - energy[i] + (m.Device.DrainKw[t] * hours), hours), min[i], max[i]);
                assigned += share[i];
            }

            var residual = cohortPowerKw[t] - assigned;
            var up = residual >= 0;
            for (var i = 0; i < count; i++)
            {
                capacity[i] = up ? max[i] - share[i] : share[i] - min[i];
            }

            var remaining = Math.Abs(residual);
            WaterFill(capacity, ref remaining, out var given);
            for (var i = 0; i < count; i++)
            {
                var p = share[i] + (up ? given[i] : -given[i]);
                power[i][t] = p;
                energy[i] = members[i].Next(t, energy[i], p);
                trajectory[i][t] = energy[i];
            }

            deviation[t] = up ? -remaining : remaining;
        }

        return (members.Select((m, i) => new DevicePlan(m.Device.DeviceId, power[i], trajectory[i])).ToList(), deviation);
    }

    /// <summary>Shares <paramref name="remaining"/> in proportion to each member's capacity, capped by it; leaves what nobody can take.</summary>
    private static void WaterFill(double[] capacity, ref double remaining, out double[] given)
    {
        given = new double[capacity.Length];
        var total = capacity.Sum();
        if (total <= 0 || remaining <= 0)
        {
            return;
        }

        // Shares proportional to capacity are never capped, so one pass is exact.
        var fraction = Math.Min(1, remaining / total);
        for (var i = 0; i < capacity.Length; i++)
        {
            given[i] = capacity[i] * fraction;
        }

        remaining -= fraction * total;
        if (remaining < 1e-9)
        {
            remaining = 0;
        }
    }
}
