using Vpp.Application.Devices;
using Vpp.Application.Forecasting;
using Vpp.Application.Optimization;
using Vpp.Application.Participation;
using Vpp.Application.Pricing;
using Vpp.Application.Telemetry;
using Vpp.Application.Programs;
using Vpp.Application.Weather;
using Vpp.Domain.Calendar;
using Vpp.Domain.Fleet;
using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

/// <summary>
/// ScheduleOptimize's work, every 15 minutes for every program: plan the next 24 hours (the intraday run) for the
/// program's objective (shave its peak, or minimise its energy cost at <see cref="HorizonPrices"/>); and once a day,
/// from the program's day-ahead time, plan tomorrow's whole local day (92, 96 or 100 quarter hours). Each plan is stored, then
/// autonomous programs get it pushed to their devices as one bulk job and the push recorded. The
/// program's baseline is the latest load forecast (P50) where one covers the horizon, else the homes' latest load held
/// (persistence); every device's own baseline and flexibility come from its planning model (<see cref="FleetDeviceModel"/>),
/// with each device's learned habits where they exist and the forecast's outdoor temperatures for thermostats. A device
/// opted out for part of the horizon is held at its undispatched draw there (<see cref="FlexibleDevice.HeldAtBaseline"/>)
/// and planned around it.
/// </summary>
public sealed class ScheduleService(
    IProgramStore programs,
    IDeviceRegistry registry,
    IIngestionProgressStore ingestion,
    IScheduleStore schedules,
    IForecastStore forecasts,
    IPriceStore prices,
    IDeviceHabitsStore deviceHabits,
    IWeatherStore weather,
    IOptOutStore optOuts,
    IDeviceHub hub,
    FleetPlanner planner,
    TimeProvider clock)
{
    public const string ModelVersion = "fleet-planner/3";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan SolveTimeLimit = TimeSpan.FromSeconds(30);

    public Task<ProgramSweepResult> OptimizeAllAsync(CancellationToken cancellationToken) =>
        ProgramSweep.RunAsync(programs, async (program, ct) =>
        {
            await OptimizeAsync(program, ct);
            if (await DayAheadDueAsync(program, ct))
            {
                await PlanDayAheadAsync(program, ct);
            }
        }, cancellationToken);

    /// <summary>The intraday run: the next 96 quarter hours from the current one.</summary>
    public Task<ProgramSchedule> OptimizeAsync(VppProgram program, CancellationToken cancellationToken) =>
        PlanAsync(program, ScheduleRuns.Intraday, PlanningHorizon.DayAhead(UtcIntervals.Floor(clock.GetUtcNow(), Quarter)), cancellationToken);

    /// <summary>The day-ahead run: tomorrow's local day, whatever its length.</summary>
    public Task<ProgramSchedule> PlanDayAheadAsync(VppProgram program, CancellationToken cancellationToken)
    {
        var zone = program.FindTimeZone();
        var tomorrow = Tomorrow(zone);
        var start = LocalDays.StartUtc(tomorrow, zone);
        var intervals = (int)((LocalDays.StartUtc(tomorrow.AddDays(1), zone) - start) / Quarter);
        return PlanAsync(program, ScheduleRuns.DayAhead, new PlanningHorizon(start, intervals, Quarter), cancellationToken);
    }

    /// <summary>
    /// Due from the program's day-ahead time until tomorrow's plan exists: a run missed at that time (host down,
    /// clocks skipping the hour) is made up at the next tick instead of being lost.
    /// </summary>
    private async Task<bool> DayAheadDueAsync(VppProgram program, CancellationToken cancellationToken)
    {
        var zone = program.FindTimeZone();
        var localNow = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        return localNow >= program.DayAheadRunsAt
               && await schedules.FindAsync(program.ProgramId, ScheduleRuns.DateKey(Tomorrow(zone)), ScheduleRuns.DayAhead, cancellationToken) is null;
    }

    private DateOnly Tomorrow(TimeZoneInfo zone) => LocalDays.DateOf(clock.GetUtcNow(), zone).AddDays(1);

    private async Task<ProgramSchedule> PlanAsync(VppProgram program, string run, PlanningHorizon horizon, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var zone = program.FindTimeZone();
        var (fleet, online, devices, forecast, hours, _, _, _) = await PlannableFleet.LoadAsync(registry, ingestion, deviceHabits, forecasts, weather, optOuts, program.ProgramId, horizon, zone, now, EvNeedPastHorizon.ProRata, cancellationToken);
        var deviceBaselineKw = Enumerable.Range(0, horizon.Intervals).Select(t => devices.Sum(d => d.BaselinePowerKw[t])).ToArray();
        var (baseline, baselineSource, inputsFrom, inputsTo) = Baseline(forecast, hours, online, deviceBaselineKw, now);
        var market = await prices.FindAsync(program.ProgramId, horizon.StartUtc - Hour, horizon.EndUtc, cancellationToken);
        var (pricing, pricesSource) = HorizonPrices.For(program, horizon, zone, market);
        PlanObjective objective = program.Objective == ProgramObjectives.EnergyCost && pricing is not null ? pricing : new PeakShavingObjective();
        var plan = planner.Plan(horizon, baseline, DeviceCohort.Group(devices, horizon.IntervalHours), objective, SolveTimeLimit);

        var date = ScheduleRuns.DateKey(LocalDays.DateOf(horizon.StartUtc, zone));
        var schedule = new ProgramSchedule(program.ProgramId, date, run, horizon.StartUtc, (int)horizon.Interval.TotalMinutes, plan.Objective,
            $"{ModelVersion}; baseline: {baselineSource}; prices: {pricesSource}", plan.Method,
            plan.SolverStatus.ToString(), Math.Round(plan.BaselinePeakKw, 3), Math.Round(plan.PlannedPeakKw, 3),
            pricing?.CostOf(plan.BaselineNetKw, horizon.IntervalHours), pricing?.CostOf(plan.PlannedNetKw, horizon.IntervalHours),
            [.. plan.BaselineNetKw.Select(v => Math.Round(v, 3))], [.. plan.PlannedNetKw.Select(v => Math.Round(v, 3))],
            devices.Count, fleet.Count - devices.Count, plan.Cohorts, plan.InfeasibleDevices, plan.UnmetLimits.Count,
            [.. plan.UnmetLimits.OrderByDescending(u => u.ShortBy).Take(50).Select(u => u.ToString())], inputsFrom, inputsTo, now, null,
            [.. deviceBaselineKw.Select(v => Math.Round(v, 3))], devices.Count(d => d.Held is not null), plan.Search);

        // Saved before it is pushed: devices are never told a plan the store does not hold. The job id is the push's
        // idempotency key (one per program, run and horizon start), so a retried run sends no second job; the push is
        // recorded once the hub has the job.
        await schedules.SaveAsync(schedule, plan.DevicePlans, cancellationToken);
        if (!program.AutonomousScheduling || devices.Count == 0)
        {
            return schedule;
        }

        var planId = $"{program.ProgramId}-{run}-{horizon.StartUtc.UtcDateTime:yyyyMMdd'T'HHmm}";
        var jobId = await hub.ScheduleDesiredUpdateAsync("schedule-" + planId, program.ProgramId, DispatchSignal.Build(planId, run, horizon, devices, plan.DevicePlans), cancellationToken);
        var pushed = schedule with { PushedJobId = jobId };
        await schedules.RecordPushAsync(pushed, cancellationToken);
        return pushed;
    }

    /// <summary>
    /// The forecast's P50 for each quarter hour (<paramref name="hours"/>) when the stored forecast covers every hour;
    /// else the homes' latest load held, with the planned devices' undispatched draw (<paramref name="deviceBaselineKw"/>).
    /// </summary>
    private static (double[] BaselineKw, string Source, DateTimeOffset InputsFrom, DateTimeOffset InputsTo) Baseline(
        IReadOnlyDictionary<DateTimeOffset, ForecastInterval> forecast, DateTimeOffset[] hours, IReadOnlyList<FleetDevice> online, double[] deviceBaselineKw, DateTimeOffset now)
    {
        if (forecast.Count > 0 && hours.All(forecast.ContainsKey))
        {
            var first = forecast[hours[0]];
            return ([.. hours.Select(h => forecast[h].LoadKw.P50)], $"load forecast P50 ({first.ModelVersion}, issued {first.IssuedUtc:O})", first.InputsFromUtc, first.InputsToUtc);
        }

        var homesKw = online.Sum(d => (d.Latest!.Value.SiteNetKw ?? d.Latest.Value.PowerKw) - d.Latest.Value.PowerKw);
        var persisted = deviceBaselineKw.Select(kw => homesKw + kw).ToArray();
        var inputsFrom = online.Count == 0 ? now : online.Min(d => d.Latest!.Value.Timestamp);
        return (persisted, "homes' latest load held (no forecast covers the horizon)", inputsFrom, now);
    }
}
