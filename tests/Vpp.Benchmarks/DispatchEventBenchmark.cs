using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Application.Forecasting;
using Vpp.Application.Telemetry;
using Vpp.DeviceSim;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Fleet;
using Vpp.Domain.Telemetry;
using Vpp.Functions.Security;
using Vpp.LocalHost.Hosting;
using Vpp.LocalHost.Weather;

namespace Vpp.Benchmarks;

/// <summary>
/// dispatch-event: a 3-hour evening reduction (17:00–20:00 in Los Angeles, mid-July) on the local stack with the
/// simulated fleet following its twins and the simulated weather feed, at a fast clock (timers off: no schedules), its
/// devices' habits learned from two weeks of their own history. The event is created once 95 % of the fleet is online,
/// for as much as is available; once planned, its target is set to 60 % of what the plan expects, as a manager would
/// (or, <c>--lower-target during</c>, once the event is under way, to measure the early release of what it no longer needs).
/// Reports the first plan (its size, who takes part, who was left out as offline or opted out, how its solve went), the
/// target, mean delivered kW and its share, the worst 15-minute interval after the first, the rebound peak of the
/// released devices against their undispatched peak in the window (the report's), the whole fleet's against the day's
/// unscheduled peak (the same homes run undispatched in process through the day), commands sent and duplicates (twin
/// writes beyond the ledger's), overrides and opt-outs. Exits non-zero if the event did not complete or a command was
/// sent twice.
/// </summary>
public static class DispatchEventBenchmark
{
    private const double TargetShareOfPlan = 0.6;
    private const int Seed = 1;
    private const int HistoryDays = 14;
    private static readonly DateTimeOffset Origin = new(2026, 7, 14, 23, 30, 0, TimeSpan.Zero);

    /// <param name="lowerDuring">
    /// Lower the target once the devices shed and the first minutes are measured (a target lowered during the event
    /// releases the parts it no longer needs, ADR 0039) rather than as soon as the first plan is made (a replan).
    /// </param>
    public static async Task<int> RunAsync(int devices, double speed, bool lowerDuring)
    {
        await using var runner = await LocalRunner.StartAsync(new LocalRunnerOptions { Port = 0, Speed = speed, ClockOrigin = Origin, RunTimers = false });
        var program = runner.Options.DefaultProgramId;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(runner.Options.DefaultProgramTimeZone);
        // The weather provider the local stack runs with its timers: without a forecast the heat pumps plan from it.
        using var weatherHttp = new HttpClient();
        using var stopWeather = new CancellationTokenSource();
        var weather = new SimulatedWeatherFeed(weatherHttp, runner.BaseUri, () => runner.MintToken(Roles.ProgramManager, "dispatch-event-weather"), runner.Clock,
            program, zone, NullLogger.Instance).RunAsync(stopWeather.Token);
        var homes = FleetFactory.Create(new SimulatorOptions { Devices = devices, Seed = Seed, ProgramId = program, TimeZone = runner.Options.DefaultProgramTimeZone });
        var history = SimulatedFleetRun.Run(homes, Origin.AddDays(-HistoryDays), HistoryDays * 96, recordHistory: true);
        await SaveHabitsAsync(runner, program, zone, homes, history);
        var dayUnscheduledPeakKw = DayUnscheduledPeakKw(homes, history, zone);
        await using var simulator = await SimulatorProcess.StartAsync(runner, new SimulatorArguments(devices, 60, Seed), CancellationToken.None);
        await simulator.Registered.WaitAsync(TimeSpan.FromMinutes(10));
        using var http = new HttpClient { BaseAddress = new Uri(runner.BaseUri, "api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", runner.MintToken(Roles.ProgramManager, "dispatch-event-benchmark"));
        var registry = runner.Services.GetRequiredService<IDeviceRegistry>();
        // Online by the clock, not merely reported once: stricter than the planner, which judges where ingestion has caught
        // up to (ADR 0037), so a backlog while the event starts no longer leaves devices out of its plan.
        await UntilAsync(async () => (await registry.ListFleetAsync(program, CancellationToken.None)).Count(d => FleetSnapshot.StatusOf(d, runner.Clock.GetUtcNow()) == DeviceStatus.Online) >= devices * 0.95, TimeSpan.FromMinutes(10));

        using var created = await http.PostAsJsonAsync($"programs/{program}/events", new
        {
            kind = "reduce",
            start = "2026-07-14T17:00",
            end = "2026-07-14T20:00",
            deviceTypes = new[] { "battery", "ev-charger", "water-heater", "thermostat" },
            notice = "immediate",
            message = "Evening peak: thank you for helping",
        });
        var eventId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetString()!;
        var planned = await UntilAsync(() => EventAsync(http, program, eventId), e => e.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Object, TimeSpan.FromMinutes(10));
        var firstPlan = planned.GetProperty("plan");
        var targetKw = Math.Round(firstPlan.GetProperty("plannedShedKw").GetDouble() * TargetShareOfPlan, 1);
        if (lowerDuring)
        {
            await UntilAsync(() => EventAsync(http, program, eventId), e => e.GetProperty("status").GetString() == "active" && e.GetProperty("delivery").GetArrayLength() >= 2,
                TimeSpan.FromHours(1 / speed) + TimeSpan.FromMinutes(10));
        }

        // A change that meets the orchestration moving the event on is refused (409: read it again) and is sent again.
        await UntilAsync(async () =>
        {
            using var changed = await http.PatchAsJsonAsync($"programs/{program}/events/{eventId}", new { targetKw });
            return changed.StatusCode != System.Net.HttpStatusCode.Conflict && changed.EnsureSuccessStatusCode().IsSuccessStatusCode;
        }, TimeSpan.FromMinutes(1));
        // Before the start the change replans; after it, the parts the lowered target no longer needs are released early.
        var targetChanged = TimeZoneInfo.ConvertTime(runner.Clock.GetUtcNow(), zone);

        // The event ends at 03:00Z; the rebound is watched for twice the release window after it.
        var productHours = (new DateTimeOffset(2026, 7, 15, 3, 0, 0, TimeSpan.Zero) + (2 * ReleaseSchedule.DefaultWindow) - Origin).TotalHours + 0.5;
        var done = await UntilAsync(() => EventAsync(http, program, eventId), e => e.GetProperty("status").GetString() is "completed" or "cancelled" or "failed",
            TimeSpan.FromHours(productHours / speed) + TimeSpan.FromMinutes(10));
        var report = await http.GetFromJsonAsync<JsonElement>($"programs/{program}/events/{eventId}/report");
        await stopWeather.CancelAsync();
        await weather.ContinueWith(_ => { }, TaskScheduler.Default);

        var totals = report.GetProperty("totals").EnumerateArray().ToList();
        var shares = totals.Skip(1).Select(t => t.GetProperty("deliveredKw").GetDouble() / targetKw).ToList();
        var reboundPeak = report.GetProperty("reboundPeakKw").GetDouble();
        var unscheduledPeak = report.GetProperty("undispatchedPeakKw").GetDouble();
        var (commands, duplicates) = await CommandsAsync(runner, eventId, devices);
        var finalParts = await runner.Services.GetRequiredService<IDispatchPlanStore>().ListAsync(eventId, CancellationToken.None);
        var fleet = await runner.Services.GetRequiredService<IDeviceRegistry>().ListFleetAsync(runner.Options.DefaultProgramId, CancellationToken.None);
        var (fleetRebound, fleetUnscheduled) = await ReadLoadsAsync(runner, fleet, finalParts, report);
        await PrintBatteryStartAsync(runner, fleet, finalParts, done.GetProperty("startUtc").GetDateTimeOffset(), zone);
        Console.WriteLine(FormattableString.Invariant(
            $"TIMELINE {string.Join(' ', done.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("to").GetString()}@{TimeZoneInfo.ConvertTime(h.GetProperty("atUtc").GetDateTimeOffset(), zone):HH:mm:ss}"))}"));
        var releasedEarly = finalParts.Count(a => a.ReleasedUtc is not null);
        var planLeastAfterChange = PlanLeastShedKw(finalParts.Where(a => a.Role == DispatchRole.Participant && a.OptedOutUtc is null && a.OverriddenUtc is null).ToList(),
            targetChanged.ToUniversalTime(), done.GetProperty("endUtc").GetDateTimeOffset());
        var search = firstPlan.GetProperty("search");
        var planMade = TimeZoneInfo.ConvertTime(firstPlan.GetProperty("createdUtc").GetDateTimeOffset(), zone);
        // Each interval's delivery as the report has it and as the delivery watch measured it minute by minute, both
        // against the target: where they part, the report's rollups and the watch's newest readings see different loads.
        var watched = done.GetProperty("delivery").EnumerateArray()
            .GroupBy(m => TelemetryRollup.IntervalStartOf(m.GetProperty("minuteUtc").GetDateTimeOffset() - TimeSpan.FromMinutes(1), RollupResolution.FifteenMinutes))
            .ToDictionary(g => g.Key, g => g.Average(m => m.GetProperty("deliveredKw").GetDouble()));
        Console.WriteLine(FormattableString.Invariant(
            $"INTERVALS report/watch share of target {string.Join(' ', totals.Select(t => t.GetProperty("startUtc").GetDateTimeOffset()).Select((start, i) => $"{TimeZoneInfo.ConvertTime(start, zone):HH:mm}={totals[i].GetProperty("deliveredKw").GetDouble() / targetKw:0.000}/{(watched.TryGetValue(start, out var kw) ? (kw / targetKw).ToString("0.000", CultureInfo.InvariantCulture) : "-")}"))} released_by_type={string.Join(',', finalParts.Where(a => a.ReleasedUtc is not null).GroupBy(a => a.Type).Select(g => $"{g.Key}:{g.Count()}"))}"));
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} speed={speed} status={done.GetProperty("status").GetString()} first_plan_kw={firstPlan.GetProperty("plannedShedKw").GetDouble():0.0} first_plan_participants={firstPlan.GetProperty("participants").GetInt32()} first_plan_reserves={firstPlan.GetProperty("reserves").GetInt32()} first_plan_devices={firstPlan.GetProperty("devices").GetInt32()} first_plan_offline={firstPlan.GetProperty("offline").GetInt32()} first_plan_opted_out={firstPlan.GetProperty("optedOut").GetInt32()} first_plan_made_local={planMade:HH:mm} target_lowered={(lowerDuring ? "during" : "before")} target_changed_local={targetChanged:HH:mm} released_early={releasedEarly} plan_least_kw_after_change={planLeastAfterChange:0.0} first_plan_solver={firstPlan.GetProperty("solverStatus").GetString()} first_plan_rounds={search.GetProperty("rounds").GetInt32()} first_plan_kept_round={search.GetProperty("keptRound").GetInt32()} first_plan_stopped_at_limit={search.GetProperty("stoppedAtLimit").GetBoolean()} first_plan_solve_s={search.GetProperty("seconds").GetDouble():0.0} target_kw={targetKw:0.0} delivered_kw={report.GetProperty("meanDeliveredKw").GetDouble():0.0} share={report.GetProperty("meanDeliveredKw").GetDouble() / targetKw:0.000} worst_interval_share={(shares.Count == 0 ? double.NaN : shares.Min()):0.000} intervals_below_95pct={shares.Count(s => s < 0.95)} rebound_peak_kw={reboundPeak:0.0} unscheduled_peak_kw={unscheduledPeak:0.0} fleet_rebound_peak_kw={fleetRebound:0.0} fleet_unscheduled_peak_kw={fleetUnscheduled:0.0} day_unscheduled_peak_kw={dayUnscheduledPeakKw:0.0} participants={report.GetProperty("participants").GetInt32()} plan_method={firstPlan.GetProperty("method").GetString()} reserves_called={report.GetProperty("reservesCalled").GetInt32()} overrides={report.GetProperty("overrides").GetInt32()} opt_outs={report.GetProperty("optOuts").GetInt32()} commands={commands} duplicates={duplicates}"));
        return done.GetProperty("status").GetString() == "completed" && duplicates == 0 ? 0 : 1;
    }

    /// <summary>
    /// The least the participants' parts (as planned, the released included) shed together at an interval of the plan
    /// from <paramref name="fromUtc"/> to the end: what a release after a lowered target has to keep above.
    /// </summary>
    private static double PlanLeastShedKw(List<DispatchAssignment> parts, DateTimeOffset fromUtc, DateTimeOffset endUtc)
    {
        if (parts.Count == 0)
        {
            return 0;
        }

        var grid = parts[0];
        return Enumerable.Range(0, grid.PowerKw.Count).Select(t => grid.PlanStartUtc + (grid.Interval * t))
            .Where(at => at + grid.Interval > fromUtc && at < endUtc).Select(at => parts.Sum(p => p.ShedKwAt(at))).DefaultIfEmpty(0).Min();
    }

    /// <summary>
    /// A program's devices have a history before their first event: the same homes device-sim runs (same seed) run the
    /// two weeks before in process, and each device's habits are learned from its quarter hours as the nightly learner
    /// learns them from its rollups, and stored.
    /// </summary>
    private static async Task SaveHabitsAsync(LocalRunner runner, string programId, TimeZoneInfo zone, IReadOnlyList<SimulatedDevice> homes, SimulatedFleetRun.FleetRun history)
    {
        var store = runner.Services.GetRequiredService<IDeviceHabitsStore>();
        for (var i = 0; i < homes.Count; i++)
        {
            await store.SaveAsync(programId, new LearnedDeviceHabits(homes[i].DeviceId, Origin, SimulatedFleetRun.Habits(homes[i], history.Quarters![i], zone)), CancellationToken.None);
        }
    }

    /// <summary>
    /// The day's unscheduled peak, the rebound's yardstick: the homes of the history run on, undispatched, to the end of
    /// the event's local day; the highest quarter-hour mean of all their devices' power that day.
    /// </summary>
    private static double DayUnscheduledPeakKw(IReadOnlyList<SimulatedDevice> homes, SimulatedFleetRun.FleetRun history, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(Origin, zone);
        var dayStart = new DateTimeOffset(local.Date, local.Offset);
        var before = (int)((Origin - dayStart) / TimeSpan.FromMinutes(15));
        var rest = SimulatedFleetRun.Run(homes, Origin, 96 - before);
        static double Fleet(SimulatedFleetRun.FleetRun run, int q) => run.DeviceKwByType.Values.Sum(kw => kw[q]);
        var historyQuarters = history.SiteNetKw.Length;
        return Enumerable.Range(historyQuarters - before, before).Select(q => Fleet(history, q))
            .Concat(Enumerable.Range(0, rest.SiteNetKw.Length).Select(q => Fleet(rest, q))).Max();
    }

    /// <summary>Commands the ledger says were sent, and desired-property writes to the twins beyond them (each twin starts at desired version 1).</summary>
    private static async Task<(int Commands, long Duplicates)> CommandsAsync(LocalRunner runner, string eventId, int devices)
    {
        var ledger = runner.Services.GetRequiredService<IDeviceCommandLedger>();
        var commands = 0;
        foreach (var step in Enum.GetValues<DispatchStep>())
        {
            commands += (await ledger.SentAsync(eventId, step, CancellationToken.None)).Count;
        }

        long writes = 0;
        await foreach (var twin in runner.Services.GetRequiredService<IDeviceHub>().QueryByProgramAsync(runner.Options.DefaultProgramId, CancellationToken.None))
        {
            writes += (twin.Desired["$version"]?.GetValue<long>() ?? 1) - 1;
        }

        return (commands, writes - commands);
    }

    /// <summary>
    /// The batteries minute by minute from the plan's start to five minutes into the event: planned and measured kW and
    /// the energy stored above their reserves (BATTERY-START line), to see whether they reach the start with the energy
    /// the plan counted on: a plan made before its commands can reach the devices counts on minutes they did not follow it.
    /// </summary>
    private static async Task PrintBatteryStartAsync(LocalRunner runner, IReadOnlyList<FleetDevice> fleet, IReadOnlyList<DispatchAssignment> finalParts, DateTimeOffset startUtc, TimeZoneInfo zone)
    {
        var batteries = finalParts.Where(a => a.Type == DeviceType.Battery).ToList();
        if (batteries.Count == 0)
        {
            return;
        }

        var from = batteries.Min(b => b.PlanStartUtc);
        var until = startUtc + TimeSpan.FromMinutes(5);
        var ratings = fleet.ToDictionary(d => d.Registration.DeviceId, d => d.Registration.Ratings, StringComparer.Ordinal);
        var telemetry = runner.Services.GetRequiredService<ITelemetryLedgerStore>();
        var minutes = new SortedDictionary<DateTimeOffset, (double PlanKw, double MeasuredKw, double StoredKwh)>();
        foreach (var battery in batteries)
        {
            var rollups = (await telemetry.ReadRollupsAsync(battery.DeviceId, RollupResolution.OneMinute, from, until, CancellationToken.None)).ToDictionary(r => r.IntervalStart);
            var rating = ratings.GetValueOrDefault(battery.DeviceId);
            for (var at = from; at < until; at += TimeSpan.FromMinutes(1))
            {
                var sum = minutes.GetValueOrDefault(at);
                var rollup = rollups.GetValueOrDefault(at);
                minutes[at] = (sum.PlanKw + battery.PlannedKwAt(at), sum.MeasuredKw + (rollup?.MeanPowerKw ?? 0), sum.StoredKwh + (AboveReserveKwh(rating, rollup) ?? 0));
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"BATTERY-START plan/measured kW, stored kWh {string.Join(' ', minutes.Select(m => $"{TimeZoneInfo.ConvertTime(m.Key, zone):HH:mm}={m.Value.PlanKw:0}/{m.Value.MeasuredKw:0}/{m.Value.StoredKwh:0}"))}"));
    }

    /// <summary>
    /// One read of every device's 15-minute rollups from the window's start to the end of the rebound watch, for two
    /// views: the commanded devices' kW per type, baseline/planned/measured (PROFILE lines: where a
    /// shortfall or a rebound comes from), and the whole fleet's rebound (its measured load after the end) against its undispatched load in the
    /// window (the devices not commanded as measured, the commanded at their baseline).
    /// </summary>
    private static async Task<(double FleetRebound, double FleetUnscheduled)> ReadLoadsAsync(LocalRunner runner, IReadOnlyList<FleetDevice> fleet, IReadOnlyList<DispatchAssignment> finalParts, JsonElement report)
    {
        var planned = new SortedDictionary<string, SortedDictionary<DateTimeOffset, (double Baseline, double Plan)>>(StringComparer.OrdinalIgnoreCase);
        var parts = finalParts.Where(a => a.InControl).ToList();
        foreach (var part in parts)
        {
            var byInterval = planned.TryGetValue(part.Type.ToString(), out var existing) ? existing : planned[part.Type.ToString()] = [];
            for (var t = 0; t < part.PowerKw.Count; t++)
            {
                var at = part.PlanStartUtc + (part.Interval * t);
                var quarter = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
                var share = part.IntervalMinutes / 15.0;
                var sum = byInterval.GetValueOrDefault(quarter);
                byInterval[quarter] = (sum.Baseline + (part.BaselineKw[t] * share), sum.Plan + (part.PowerKw[t] * share));
            }
        }

        var telemetry = runner.Services.GetRequiredService<ITelemetryLedgerStore>();
        var typeOf = report.GetProperty("devices").EnumerateArray().Where(d => d.GetProperty("commanded").GetBoolean())
            .ToDictionary(d => d.GetProperty("deviceId").GetString()!, d => d.GetProperty("type").GetString()!, StringComparer.Ordinal);
        var window = report.GetProperty("totals").EnumerateArray()
            .ToDictionary(t => t.GetProperty("startUtc").GetDateTimeOffset(), t => t.GetProperty("baselineKw").GetDouble());
        var rebound = report.GetProperty("rebound").EnumerateArray().ToDictionary(t => t.GetProperty("startUtc").GetDateTimeOffset(), _ => 0.0);
        var profileFrom = parts.Count > 0 ? parts.Min(p => p.PlanStartUtc) : report.GetProperty("startUtc").GetDateTimeOffset();
        var byType = new SortedDictionary<string, SortedDictionary<DateTimeOffset, double>>(StringComparer.Ordinal);
        var batteryStore = new SortedDictionary<DateTimeOffset, (double AboveReserveKwh, int AtReserve)>();
        foreach (var device in fleet)
        {
            var commanded = typeOf.TryGetValue(device.Registration.DeviceId, out var type);
            SortedDictionary<DateTimeOffset, double>? profile = null;
            if (commanded && !byType.TryGetValue(type!, out profile))
            {
                profile = byType[type!] = [];
            }

            foreach (var rollup in await telemetry.ReadRollupsAsync(device.Registration.DeviceId, RollupResolution.FifteenMinutes, window.Keys.Min(), rebound.Keys.Max() + TimeSpan.FromMinutes(15), CancellationToken.None))
            {
                if (profile is not null && rollup.IntervalStart >= profileFrom)
                {
                    profile[rollup.IntervalStart] = profile.GetValueOrDefault(rollup.IntervalStart) + rollup.MeanPowerKw;
                    if (AboveReserveKwh(device.Registration.Ratings, rollup) is { } above)
                    {
                        var store = batteryStore.GetValueOrDefault(rollup.IntervalStart);
                        batteryStore[rollup.IntervalStart] = (store.AboveReserveKwh + above, store.AtReserve + (above < 0.05 ? 1 : 0));
                    }
                }

                if (rebound.ContainsKey(rollup.IntervalStart))
                {
                    rebound[rollup.IntervalStart] += rollup.MeanPowerKw;
                }
                else if (window.ContainsKey(rollup.IntervalStart) && !commanded)
                {
                    window[rollup.IntervalStart] += rollup.MeanPowerKw;
                }
            }
        }

        foreach (var (type, profile) in byType)
        {
            var plan = planned.GetValueOrDefault(type) ?? [];
            Console.WriteLine(FormattableString.Invariant(
                $"PROFILE {type,-12} {string.Join(' ', profile.Select(p => $"{p.Key:HH:mm}={(plan.TryGetValue(p.Key, out var kw) ? FormattableString.Invariant($"{kw.Baseline:0}/{kw.Plan:0}") : "-/-")}/{p.Value:0}"))}"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"PROFILE battery-kwh  {string.Join(' ', batteryStore.Select(b => $"{b.Key:HH:mm}={b.Value.AboveReserveKwh:0}kWh/{b.Value.AtReserve}empty"))}"));
        return (rebound.Values.Max(), window.Values.Max());
    }

    private static async Task<JsonElement> EventAsync(HttpClient http, string program, string eventId) =>
        await http.GetFromJsonAsync<JsonElement>($"programs/{program}/events/{eventId}");

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> reached, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (reached(value))
            {
                return value;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"not reached in {timeout}: {value}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static Task<bool> UntilAsync(Func<Task<bool>> reached, TimeSpan timeout) => UntilAsync(reached, r => r, timeout);

    /// <summary>What a battery held above its backup reserve at its lowest in the rollup's interval; null for other devices or without a reading.</summary>
    private static double? AboveReserveKwh(DeviceRatings? ratings, TelemetryRollup? rollup) =>
        ratings is { EnergyCapacityKwh: { } capacity } && rollup?.MinStateOfChargePct is { } soc ? capacity * (soc - (ratings.BackupReservePct ?? 0)) / 100 : null;
}
