namespace Vpp.Domain.Optimization;

/// <summary>
/// Splits a cohort's planned power among its members, interval by interval. Each member's baseline (what it would do
/// undispatched, kept inside its envelope) is its anchor: the cohort's plan puts its stored energy some fraction of the
/// way from the members' baselines towards the sum of their ceilings (or of their floors), and each member is steered
/// the same fraction of the way from its own baseline towards its own ceiling (or floor). A cohort that keeps its
/// baseline leaves every member on its own, and members with different needs, sizes and deadlines move together when
/// it does not, so none is left to catch up later. The power that takes a member there is clamped to the
/// range that keeps it inside its own envelope (so a must-run, such as an EV that must charge now to be ready by
/// departure, is always honoured), and whatever the clamping leaves of the cohort's target is shared among members
/// with room left, in proportion to that room (water-filling). Members with a minimum running power (EV chargers) are
/// then rounded to pause or to run at that minimum, the cohort drawing at most its planned total and at most one
/// minimum less, and what the rounding moves is taken up by members already running. Every member's plan is feasible by construction; what the members cannot
/// deliver is returned as the cohort's deviation, never hidden.
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
        var runsAtMinimum = members.Any(m => m.Device.MinRunningPowerKw > 0);
        var anchor = members.Select(m => m.Device.InitialEnergyKwh).ToArray();
        var cohortBaselineEnergy = cohort.InitialEnergyKwh;
        for (var t = 0; t < intervals; t++)
        {
            // The cohort's departure from its baseline is measured on the cohort's own model, so keeping it is no departure.
            cohortEnergy = cohort.NextEnergyKwh(t, cohortEnergy, cohortPowerKw[t]);
            cohortBaselineEnergy = cohort.NextEnergyKwh(t, cohortBaselineEnergy, cohort.BaselinePowerKw[t]);
            for (var i = 0; i < count; i++)
            {
                anchor[i] = Math.Clamp(members[i].Next(t, anchor[i], members[i].Device.BaselinePowerKw[t]), members[i].LowerKwh[t], members[i].UpperKwh[t]);
            }

            var anchored = anchor.Sum();
            var up = cohortEnergy >= cohortBaselineEnergy;
            var span = up ? cohort.UpperKwh[t] - anchored : anchored - cohort.LowerKwh[t];
            var fraction = span > 1e-9 ? Math.Clamp(Math.Abs(cohortEnergy - cohortBaselineEnergy) / span, 0, 1) : 0;
            var assigned = 0.0;
            for (var i = 0; i < count; i++)
            {
                var m = members[i];
                (min[i], max[i]) = m.PowerRange(t, energy[i]);
                var target = anchor[i] + (fraction * ((up ? m.UpperKwh[t] : m.LowerKwh[t]) - anchor[i]));
                share[i] = Math.Clamp(m.Device.PowerFor(m.Device.StoredToReachKwh(t, energy[i], target, hours), hours), min[i], max[i]);
                assigned += share[i];
            }

            var residual = cohortPowerKw[t] - assigned;
            var raise = residual >= 0;
            for (var i = 0; i < count; i++)
            {
                capacity[i] = raise ? max[i] - share[i] : share[i] - min[i];
            }

            var remaining = Math.Abs(residual);
            WaterFill(capacity, ref remaining, out var given);
            for (var i = 0; i < count; i++)
            {
                power[i][t] = share[i] + (raise ? given[i] : -given[i]);
            }

            var roundedKw = runsAtMinimum ? RoundToRunnable(members, t, energy, min, max, power) : 0;
            for (var i = 0; i < count; i++)
            {
                energy[i] = members[i].Next(t, energy[i], power[i][t]);
                trajectory[i][t] = energy[i];
            }

            deviation[t] = (raise ? -remaining : remaining) + roundedKw;
        }

        return (members.Select((m, i) => new DevicePlan(m.Device.DeviceId, power[i], trajectory[i])).ToList(), deviation);
    }

    /// <summary>
    /// Moves each member drawing less than it can run at to pausing or to the least it can run at, members nearest their
    /// minimum first: a member runs when that keeps the members' total at or below the target, so the cohort draws at most
    /// what was planned (a peak, a price or an event window is never made worse) and at most one minimum less. Members
    /// that must run, run. Members already running then take up the change, within their ranges. Returns the change in
    /// the members' total power.
    /// </summary>
    private static double RoundToRunnable(IReadOnlyList<DeviceEnvelope> members, int t, double[] energy, double[] min, double[] max, double[][] power)
    {
        const double ToleranceKw = 1e-6;
        var stalled = Enumerable.Range(0, members.Count).Where(i => !members[i].CanRunAt(t, energy[i], power[i][t], ToleranceKw)).OrderByDescending(i => power[i][t]).ToList();
        if (stalled.Count == 0)
        {
            return 0;
        }

        var running = Enumerable.Range(0, members.Count).Except(stalled).Where(i => power[i][t] >= members[i].Device.RunningFloorKw(t) - ToleranceKw).ToList();
        var changeKw = 0.0;
        foreach (var i in stalled)
        {
            var p = power[i][t];
            var runFloor = Math.Max(min[i], members[i].Device.RunningFloorKw(t));
            double? upKw = runFloor <= max[i] ? runFloor : members[i].CanRunAt(t, energy[i], max[i], ToleranceKw) ? max[i] : null;
            double? downKw = min[i] <= 0 ? 0 : null;
            var chosen = (upKw, downKw) switch
            {
                ({ } u, { } d) => Math.Abs(changeKw + u - p) <= Math.Abs(changeKw + d - p) ? u : d,
                ({ } u, null) => u,
                (null, { } d) => d,
                _ => p,
            };
            changeKw += chosen - p;
            power[i][t] = chosen;
        }

        // Members already running absorb the rounding: lowered towards their running floor, or raised towards their maximum.
        var lower = changeKw > 0;
        var room = running.Select(i => lower ? power[i][t] - Math.Max(min[i], members[i].Device.RunningFloorKw(t)) : max[i] - power[i][t]).Select(r => Math.Max(0, r)).ToArray();
        var left = Math.Abs(changeKw);
        WaterFill(room, ref left, out var moved);
        for (var k = 0; k < running.Count; k++)
        {
            power[running[k]][t] += lower ? -moved[k] : moved[k];
        }

        return lower ? left : -left;
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
