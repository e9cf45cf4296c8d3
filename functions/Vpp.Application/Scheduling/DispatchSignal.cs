using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

/// <summary>
/// The desired-property schedule a bulk job pushes to every device of a program. A hub job sends one patch to all
/// devices, so the plan travels as one signal per device type: in each interval, the type's planned power as a
/// fraction of its rated power (−1 full discharge … 1 full draw). Each device applies the fraction to its own rating
/// within its own limits; the twin stays a few kB whatever the fleet's size. A device that is opted out
/// (<see cref="FlexibleDevice.Held"/>) ignores the schedule in its window; the fractions there are the others'.
/// </summary>
public static class DispatchSignal
{
    /// <summary>The desired-property patch: <c>schedule</c> for the rolling intraday plan, <c>dayAheadSchedule</c> for tomorrow's.</summary>
    public static JsonObject Build(string planId, string run, PlanningHorizon horizon, IReadOnlyList<FlexibleDevice> devices, IReadOnlyList<DevicePlan> plans)
    {
        var byId = plans.ToDictionary(p => p.DeviceId, StringComparer.Ordinal);
        var types = new JsonObject();
        foreach (var group in devices.GroupBy(d => d.Type))
        {
            var fractions = new JsonArray();
            var members = group.Select(d => (Device: d, RatedKw: Math.Max(d.MaxPowerKw.Max(), -d.MinPowerKw.Min()), Plan: byId.GetValueOrDefault(d.DeviceId))).ToList();
            for (var t = 0; t < horizon.Intervals; t++)
            {
                // Devices out of control in an interval ignore the schedule there, so the others' share leaves them out.
                double rated = 0, planned = 0;
                foreach (var (_, ratedKw, plan) in members.Where(m => !m.Device.IsHeld(t)))
                {
                    rated += ratedKw;
                    planned += plan?.PowerKw[t] ?? 0;
                }

                fractions.Add(rated > 0 ? Math.Round(planned / rated, 3) : 0);
            }

            types[group.Key.ToWire()] = fractions;
        }

        return new JsonObject
        {
            [run == ScheduleRuns.DayAhead ? "dayAheadSchedule" : "schedule"] = new JsonObject
            {
                ["planId"] = planId,
                ["startUtc"] = horizon.StartUtc.ToString("O", CultureInfo.InvariantCulture),
                ["intervalMinutes"] = (int)horizon.Interval.TotalMinutes,
                ["powerFractionByType"] = types,
            },
        };
    }
}
