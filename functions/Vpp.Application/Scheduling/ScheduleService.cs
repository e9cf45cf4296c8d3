using System.Globalization;
using Vpp.Application.Devices;
using Vpp.Application.Optimization;
using Vpp.Application.Programs;
using Vpp.Domain.Fleet;
using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

/// <summary>
/// ScheduleOptimize's work: for every program, plan the next 24 hours (96 quarter hours from the current quarter hour)
/// to shave its peak, store the schedule, and for autonomous programs push it to the devices as one bulk job. The
/// homes' own load is held at its latest value (persistence) until the program has a load forecast; every device's
/// baseline and flexibility comes from its planning model (<see cref="FleetDeviceModel"/>).
/// </summary>
public sealed class ScheduleService(IProgramStore programs, IDeviceRegistry registry, IScheduleStore schedules, IDeviceHub hub, FleetPlanner planner, TimeProvider clock)
{
    public const string ModelVersion = "fleet-planner/1 (homes' load: persistence)";
    private static readonly TimeSpan SolveTimeLimit = TimeSpan.FromSeconds(30);

    public async Task<int> OptimizeAllAsync(CancellationToken cancellationToken)
    {
        var all = await programs.ListAsync(cancellationToken);
        foreach (var program in all)
        {
            await OptimizeAsync(program, cancellationToken);
        }

        return all.Count;
    }

    public async Task<ProgramSchedule> OptimizeAsync(VppProgram program, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(program.TimeZoneId);
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
        var horizon = PlanningHorizon.DayAhead(start);
        var fleet = await registry.ListFleetAsync(program.ProgramId, cancellationToken);
        var online = fleet.Where(d => FleetSnapshot.StatusOf(d, now) == DeviceStatus.Online).ToList();
        var devices = online.Select(d => FleetDeviceModel.From(d, horizon, zone)).OfType<FlexibleDevice>().ToList();
        var homesKw = online.Sum(d => (d.Latest!.SiteNetKw ?? d.Latest.PowerKw) - d.Latest.PowerKw);
        var baseline = Enumerable.Range(0, horizon.Intervals).Select(t => homesKw + devices.Sum(d => d.BaselinePowerKw[t])).ToArray();
        var plan = planner.Plan(horizon, baseline, DeviceCohort.Group(devices, horizon.IntervalHours), new PeakShavingObjective(), SolveTimeLimit);

        var date = TimeZoneInfo.ConvertTime(start, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string? jobId = null;
        if (program.AutonomousScheduling && devices.Count > 0)
        {
            var planId = $"{program.ProgramId}-{start.UtcDateTime:yyyyMMdd'T'HHmm}";
            jobId = await hub.ScheduleDesiredUpdateAsync("schedule-" + planId, program.ProgramId, DispatchSignal.Build(planId, horizon, devices, plan.DevicePlans), cancellationToken);
        }

        var inputsFrom = online.Count == 0 ? now : online.Min(d => d.Latest!.Timestamp);
        var schedule = new ProgramSchedule(program.ProgramId, date, start, (int)horizon.Interval.TotalMinutes, plan.Objective, ModelVersion, plan.Method,
            plan.SolverStatus.ToString(), Math.Round(plan.BaselinePeakKw, 3), Math.Round(plan.PlannedPeakKw, 3),
            [.. plan.BaselineNetKw.Select(v => Math.Round(v, 3))], [.. plan.PlannedNetKw.Select(v => Math.Round(v, 3))],
            devices.Count, fleet.Count - devices.Count, plan.Cohorts, plan.InfeasibleDevices, plan.UnmetLimits.Count,
            [.. plan.UnmetLimits.OrderByDescending(u => u.ShortBy).Take(50).Select(u => u.ToString())], inputsFrom, now, now, jobId);
        await schedules.SaveAsync(schedule, plan.DevicePlans, cancellationToken);
        return schedule;
    }
}
