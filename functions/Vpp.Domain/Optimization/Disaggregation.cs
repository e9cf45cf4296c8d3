namespace Vpp.Domain.Optimization;

/// <summary>
/// Splits a cohort's planned power among its members, interval by interval. Shares follow each member's energy
/// headroom in that direction (room to charge, or energy above reserve), so members move together instead of one
/// running into its limit early; a share is capped by what the member can do this interval and the excess goes to the
/// others (water-filling). Every member's plan is feasible by construction; whatever the members cannot deliver is
/// returned as a shortfall, never hidden.
/// </summary>
public static class Disaggregation
{
    public static (IReadOnlyList<DevicePlan> Plans, double[] ShortfallKw) Split(BatteryCohort cohort, IReadOnlyList<double> cohortPowerKw, double intervalHours)
    {
        var members = cohort.Members;
        var intervals = cohortPowerKw.Count;
        var energy = members.Select(m => m.EnergyKwh).ToArray();
        var power = members.Select(_ => new double[intervals]).ToArray();
        var trajectory = members.Select(_ => new double[intervals]).ToArray();
        var shortfall = new double[intervals];
        var capacity = new double[members.Count];
        var weight = new double[members.Count];
        var share = new double[members.Count];
        for (var t = 0; t < intervals; t++)
        {
            var target = cohortPowerKw[t];
            var charging = target > 0;
            var total = 0.0;
            for (var i = 0; i < members.Count; i++)
            {
                var m = members[i];
                var headroomKwh = charging ? (m.MaxEnergyKwh - energy[i]) / m.OneWayEfficiency : (energy[i] - m.MinEnergyKwh) * m.OneWayEfficiency;
                weight[i] = Math.Max(0, headroomKwh);
                capacity[i] = Math.Max(0, Math.Min(charging ? m.MaxChargeKw : m.MaxDischargeKw, headroomKwh / intervalHours));
                total += capacity[i];
                share[i] = 0;
            }

            var deliverable = Math.Min(Math.Abs(target), total);
            shortfall[t] = Math.Abs(target) - deliverable;
            var remaining = deliverable;
            for (var round = 0; round < 20 && remaining > 1e-9; round++)
            {
                var weights = 0.0;
                for (var i = 0; i < members.Count; i++)
                {
                    if (share[i] < capacity[i] - 1e-12)
                    {
                        weights += weight[i];
                    }
                }

                if (weights <= 0)
                {
                    break;
                }

                var given = 0.0;
                for (var i = 0; i < members.Count; i++)
                {
                    if (share[i] < capacity[i] - 1e-12)
                    {
                        var add = Math.Min(capacity[i] - share[i], remaining * weight[i] / weights);
                        share[i] += add;
                        given += add;
                    }
                }

                remaining -= given;
            }

            shortfall[t] += Math.Max(0, remaining);
            for (var i = 0; i < members.Count; i++)
            {
                var m = members[i];
                power[i][t] = charging ? share[i] : -share[i];
                energy[i] += charging ? share[i] * m.OneWayEfficiency * intervalHours : -share[i] / m.OneWayEfficiency * intervalHours;
                trajectory[i][t] = energy[i];
            }
        }

        return (members.Select((m, i) => new DevicePlan(m.DeviceId, power[i], trajectory[i])).ToList(), shortfall);
    }
}
