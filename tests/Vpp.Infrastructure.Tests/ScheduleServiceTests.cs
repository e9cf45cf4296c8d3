using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Devices;
using Vpp.Application.Forecasting;
using Vpp.Application.Optimization;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Telemetry;
using Vpp.Application.Tests;
using Vpp.Domain.Devices;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.DeviceHub;
using Vpp.TestSupport.Memory;
using Vpp.Infrastructure.Optimization;
using Vpp.Domain.Pricing;
using Vpp.Infrastructure.Pricing;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

/// <summary>ScheduleOptimize's use case on Azurite, the local device hub and CLP: intraday and day-ahead runs.</summary>
public sealed class ScheduleServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Saturday 24 October 2026, 12:50 in London (BST); the clocks go back tomorrow, a 25-hour day.
    private static readonly DateTimeOffset BeforeDayAheadTime = new(2026, 10, 24, 11, 50, 0, TimeSpan.Zero);

    private sealed record Arranged(ScheduleService Service, TableScheduleStore Schedules, TableForecastStore Forecasts, TablePriceStore Prices, LocalDeviceHub Hub, VppProgram Program, string[] Devices)
    {
        public required Func<DateTimeOffset, Task> MoveClockAsync { get; init; }
    }

    private async Task<Arranged> ArrangeAsync(Func<string, DeviceRegistration[]>? fleetOf = null, Func<VppProgram, VppProgram>? configure = null, Func<IDeviceHub, IScheduleStore, IDeviceHub>? pushesThrough = null)
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var programs = new TableProgramStore(tables);
        var program = new VppProgram(AzuriteFixture.UniqueName("sched"), "Schedule test", "Europe/London", 60, AutonomousScheduling: true, DayAheadLocalTime: new TimeOnly(13, 0));
        program = configure?.Invoke(program) ?? program;
        await programs.SaveAsync(program, CancellationToken.None);
        var clock = new FakeTimeProvider(BeforeDayAheadTime);
        var fleet = new InMemoryFleetStore();
        var hub = new LocalDeviceHub(tables, new TwinChangeFeed(), clock);
        var devices = (fleetOf ?? DefaultFleet)(program.ProgramId).Select(d => d with { ProgramId = program.ProgramId }).ToArray();
        foreach (var device in devices)
        {
            await fleet.SaveAsync(device, CancellationToken.None);
            await hub.RegisterAsync(device.DeviceId, new JsonObject { ["programId"] = program.ProgramId, ["deviceType"] = device.Type.ToWire() }, CancellationToken.None);
        }

        // The devices keep reporting as the clock moves, so they stay online.
        async Task MoveClockAsync(DateTimeOffset now)
        {
            clock.SetUtcNow(now);
            await fleet.UpdateAsync([.. devices.Select(d => new IngestedReading(d, Reading(d.Type, now), "0"))], CancellationToken.None);
        }

        await MoveClockAsync(BeforeDayAheadTime);
        var schedules = new TableScheduleStore(tables);
        var forecasts = new TableForecastStore(tables);
        var prices = new TablePriceStore(tables);
        var service = new ScheduleService(programs, fleet, new TableIngestionProgressStore(tables), schedules, forecasts, prices, new TableDeviceHabitsStore(tables), new TableWeatherStore(tables), new TableOptOutStore(tables), pushesThrough?.Invoke(hub, schedules) ?? hub, new FleetPlanner(new OrToolsSolver()), clock);
        return new Arranged(service, schedules, forecasts, prices, hub, program, [.. devices.Select(d => d.DeviceId)]) { MoveClockAsync = MoveClockAsync };
    }

    private static DeviceRegistration[] DefaultFleet(string programId) =>
        [TestDevices.Battery(programId + "-b1"), TestDevices.Battery(programId + "-b2", capacityKwh: 10, maxKw: 4), TestDevices.WaterHeater(programId + "-wh")];

    private static LatestReading Reading(DeviceType type, DateTimeOffset now) => type switch
    {
        DeviceType.Battery => new LatestReading(1, now.AddMinutes(-1), 60, 0, null, 1.2, 60, null, null, null, null, null),
        DeviceType.Thermostat => new LatestReading(1, now.AddMinutes(-1), 60, 1.5, null, 2.0, null, null, null, null, 21, 21), // a heat pump holding 21 °C
        _ => new LatestReading(1, now.AddMinutes(-1), 60, 0, null, 0.8, null, null, null, 55, null, null),
    };

    private static ForecastInterval Hourly(DateTimeOffset start, double loadKw, double? temperatureC = null) =>
        new(start, 60, new QuantileForecast(loadKw * 0.8, loadKw, loadKw * 1.2), null, new Dictionary<string, FlexibilityForecast>(), start, "forecast-refresh/2; load: test", start.AddDays(-30), start, temperatureC);

    /// <summary>What the rolling plan has the program's devices draw over its 24 hours.</summary>
    private static async Task<double> PlannedKwhAsync(Arranged a)
    {
        var page = await a.Schedules.FindDevicePlansAsync(a.Program.ProgramId, "2026-10-24", ScheduleRuns.Intraday, null, TableScheduleStore.PlansPerPart, CancellationToken.None);
        Assert.Null(page!.Continuation);
        return page.Plans.Sum(p => p.PowerKw.Sum() / 4);
    }

    [Fact]
    public async Task A_battery_opted_out_for_the_evening_rests_there_while_the_other_shaves_the_peak_and_the_pushed_fractions_are_the_others()
    {
        var a = await ArrangeAsync();
        var hour = BeforeDayAheadTime.AddMinutes(-50);
        var peak = (From: new DateTimeOffset(2026, 10, 24, 16, 0, 0, TimeSpan.Zero), Until: new DateTimeOffset(2026, 10, 24, 19, 0, 0, TimeSpan.Zero));
        await a.Forecasts.SaveAsync(a.Program.ProgramId, [.. Enumerable.Range(0, 30).Select(h => hour.AddHours(h)).Select(t => Hourly(t, t >= peak.From && t < peak.Until ? 12 : 3))], CancellationToken.None);
        var registration = TestDevices.Battery(a.Devices[0]) with { ProgramId = a.Program.ProgramId, CustomerId = "cust-1" };
        var (optOut, _) = Domain.Participation.OptOut.Request("oo-evening", registration, peak.From, peak.Until, "away", "cust-1", BeforeDayAheadTime, []);
        await new TableOptOutStore(new StorageTables(azurite.Account)).SaveAsync(optOut!, CancellationToken.None);

        var schedule = await a.Service.OptimizeAsync(a.Program, CancellationToken.None);

        var horizon = PlanningHorizon.DayAhead(schedule.StartUtc);
        var window = Enumerable.Range(horizon.IndexOf(peak.From), 12).ToList();
        var optedOut = await a.Schedules.FindDevicePlanAsync(a.Program.ProgramId, schedule.Date, ScheduleRuns.Intraday, a.Devices[0], CancellationToken.None);
        var other = await a.Schedules.FindDevicePlanAsync(a.Program.ProgramId, schedule.Date, ScheduleRuns.Intraday, a.Devices[1], CancellationToken.None);
        var fractions = (await a.Hub.GetTwinAsync(a.Devices[1], CancellationToken.None))!.Desired["schedule"]!["powerFractionByType"]!["battery"]!.AsArray();
        Assert.Equal(1, schedule.OptedOutDevices);
        // The stored schedule says how its solve went.
        var stored = await a.Schedules.FindAsync(a.Program.ProgramId, schedule.Date, ScheduleRuns.Intraday, CancellationToken.None);
        Assert.Equal(("Optimal", false), (stored!.SolverStatus, stored.Search!.StoppedAtLimit));
        Assert.InRange(stored.Search.KeptRound, 1, stored.Search.Rounds);
        Assert.All(window, t => Assert.Equal(0, optedOut!.PowerKw[t], 6));
        Assert.Contains(window, t => other!.PowerKw[t] < -1); // the other battery discharges into the peak
        // In the window only the second battery (4 kW) follows the broadcast; outside it both (5 + 4 kW) do.
        Assert.All(window, t => Assert.Equal(Math.Round(other!.PowerKw[t] / 4, 3), fractions[t]!.GetValue<double>(), 3));
        var outside = Enumerable.Range(0, horizon.Intervals).Except(window).First(t => Math.Abs(optedOut!.PowerKw[t] + other!.PowerKw[t]) > 0.5);
        Assert.Equal(Math.Round((optedOut!.PowerKw[outside] + other!.PowerKw[outside]) / 9, 3), fractions[outside]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task Water_heaters_are_planned_for_the_hot_water_their_households_were_learned_to_draw()
    {
        DeviceRegistration[] Heaters(string programId) => [.. Enumerable.Range(1, 3).Select(i => TestDevices.WaterHeater($"{programId}-wh{i}"))];
        var learned = await ArrangeAsync(Heaters);
        var typical = await ArrangeAsync(Heaters);
        var bigFamily = new HotWaterHabits(14, [.. Enumerable.Range(0, 24).Select(h => h is 6 or 7 ? 5.0 : 0.5)]); // 21 kWh a day
        var habits = new TableDeviceHabitsStore(new StorageTables(azurite.Account));
        foreach (var id in learned.Devices)
        {
            await habits.SaveAsync(learned.Program.ProgramId, new LearnedDeviceHabits(id, BeforeDayAheadTime, new DeviceHabits(HotWater: bigFamily)), CancellationToken.None);
        }

        var hour = BeforeDayAheadTime.AddMinutes(-50);
        foreach (var a in new[] { learned, typical })
        {
            await a.Forecasts.SaveAsync(a.Program.ProgramId, [.. Enumerable.Range(0, 30).Select(h => Hourly(hour.AddHours(h), 3))], CancellationToken.None);
            await a.Service.OptimizeAsync(a.Program, CancellationToken.None);
        }

        var extraKwh = 3 * (bigFamily.DailyDrawKwh - FleetDeviceModel.TypicalDailyHotWaterKwh);
        var storeKwh = 3 * (65 - 45) * ThermalParameters.TypicalTank.StoreKwhPerC; // what the tanks' comfort band can shift out of the day
        Assert.InRange(await PlannedKwhAsync(learned) - await PlannedKwhAsync(typical), extraKwh - storeKwh, extraKwh + storeKwh);
    }

    [Fact]
    public async Task Heat_pumps_are_planned_for_the_cold_night_the_forecast_expects()
    {
        DeviceRegistration[] HeatPumps(string programId) => [.. Enumerable.Range(1, 4).Select(i => TestDevices.Thermostat($"{programId}-th{i}"))];
        var cold = await ArrangeAsync(HeatPumps);
        var unknown = await ArrangeAsync(HeatPumps);
        var hour = BeforeDayAheadTime.AddMinutes(-50);
        // 12 °C now, 4 °C through the night (17:00 to 07:00 local), 12 °C again after.
        await cold.Forecasts.SaveAsync(cold.Program.ProgramId, [.. Enumerable.Range(0, 30).Select(h => hour.AddHours(h)).Select(t => Hourly(t, 3, t.Hour is >= 16 or < 6 ? 4 : 12))], CancellationToken.None);
        await unknown.Forecasts.SaveAsync(unknown.Program.ProgramId, [.. Enumerable.Range(0, 30).Select(h => Hourly(hour.AddHours(h), 3))], CancellationToken.None);

        await cold.Service.OptimizeAsync(cold.Program, CancellationToken.None);
        await unknown.Service.OptimizeAsync(unknown.Program, CancellationToken.None);

        var house = ThermalParameters.TypicalHouse;
        var extraNightKwh = 4 * 14 * house.LossKwPerC * 8 / house.Cop; // four houses, fourteen hours, 8 °C colder
        var storeKwh = 4 * (house.MaxOffsetC + house.MaxPrecoolC) * house.StoreKwhPerC / house.Cop; // what pre-heating can move
        var withForecast = await PlannedKwhAsync(cold);
        var without = await PlannedKwhAsync(unknown);
        Assert.InRange(withForecast - without, extraNightKwh - storeKwh, extraNightKwh + storeKwh);
    }

    [Fact]
    public async Task The_day_ahead_plan_for_tomorrow_is_made_once_from_the_programs_local_time_over_a_25_hour_day_and_pushed_beside_the_rolling_plan()
    {
        var a = await ArrangeAsync();
        var evening = Enumerable.Range(0, 72).Select(h => BeforeDayAheadTime.AddMinutes(-50).AddHours(h)).Select(t => Hourly(t, t.Hour is >= 16 and < 20 ? 9 : 3)).ToList();

        await a.Service.OptimizeAllAsync(CancellationToken.None);
        var beforeTime = await a.Schedules.FindAsync(a.Program.ProgramId, "2026-10-25", ScheduleRuns.DayAhead, CancellationToken.None);
        var intradayWithoutForecast = await a.Schedules.FindAsync(a.Program.ProgramId, "2026-10-24", ScheduleRuns.Intraday, CancellationToken.None);

        await a.Forecasts.SaveAsync(a.Program.ProgramId, evening, CancellationToken.None);
        await a.MoveClockAsync(BeforeDayAheadTime.AddMinutes(15));
        await a.Service.OptimizeAllAsync(CancellationToken.None);
        var dayAhead = await a.Schedules.FindAsync(a.Program.ProgramId, "2026-10-25", ScheduleRuns.DayAhead, CancellationToken.None);
        await a.MoveClockAsync(BeforeDayAheadTime.AddMinutes(30));
        await a.Service.OptimizeAllAsync(CancellationToken.None);
        var unchanged = await a.Schedules.FindAsync(a.Program.ProgramId, "2026-10-25", ScheduleRuns.DayAhead, CancellationToken.None);
        var twin = await a.Hub.GetTwinAsync(a.Devices[0], CancellationToken.None);

        Assert.Null(beforeTime);
        Assert.NotNull(intradayWithoutForecast);
        Assert.Contains("latest load held", intradayWithoutForecast.ModelVersion, StringComparison.Ordinal);
        Assert.NotNull(dayAhead);
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 23, 0, 0, TimeSpan.Zero), dayAhead.StartUtc); // London midnight, BST
        Assert.Equal(100, dayAhead.PlannedNetKw.Length); // 25 hours of quarter hours
        Assert.Contains("load forecast P50", dayAhead.ModelVersion, StringComparison.Ordinal);
        Assert.Equal(9, dayAhead.BaselineNetKw[(17 * 4) + 4], 6); // 17:00 GMT on the 25th is in the forecast's evening
        Assert.Equal(0, dayAhead.InfeasibleDevices);
        Assert.True(dayAhead.PlannedPeakKw < dayAhead.BaselinePeakKw, $"peak {dayAhead.BaselinePeakKw} -> {dayAhead.PlannedPeakKw} kW");
        Assert.Equal(dayAhead.CreatedUtc, unchanged!.CreatedUtc);
        var desired = twin!.Desired;
        Assert.Contains("day-ahead", desired["dayAheadSchedule"]!["planId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(100, desired["dayAheadSchedule"]!["powerFractionByType"]!["battery"]!.AsArray().Count);
        Assert.Contains("intraday", desired["schedule"]!["planId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_is_saved_before_it_is_pushed_a_failed_push_leaves_it_stored_and_a_retried_run_sends_no_second_job()
    {
        PushRecorder? recorder = null;
        var a = await ArrangeAsync(pushesThrough: (hub, store) => recorder = new PushRecorder(hub, store));

        async Task<ProgramSchedule> RunAtAsync(int seconds)
        {
            // Later in the same quarter hour: the same plan id, a schedule made at another instant.
            await a.MoveClockAsync(BeforeDayAheadTime.AddSeconds(seconds));
            recorder!.PlannedAt = BeforeDayAheadTime.AddSeconds(seconds);
            return await a.Service.OptimizeAsync(a.Program, CancellationToken.None);
        }

        recorder!.FailNext = true;
        await Assert.ThrowsAsync<HttpRequestException>(() => RunAtAsync(0));
        var storedUnpushed = await a.Schedules.FindAsync(a.Program.ProgramId, "2026-10-24", ScheduleRuns.Intraday, CancellationToken.None);
        var pushed = await RunAtAsync(10); // the timer's retry
        var again = await RunAtAsync(20);
        var latest = await a.Schedules.FindAsync(a.Program.ProgramId, "2026-10-24", ScheduleRuns.Intraday, CancellationToken.None);
        var pushes = await a.Schedules.ListPushesAsync(a.Program.ProgramId, BeforeDayAheadTime, BeforeDayAheadTime.AddHours(1), CancellationToken.None);

        Assert.NotNull(storedUnpushed);
        Assert.Null(storedUnpushed.PushedJobId);
        Assert.All(recorder.SeenInStoreAtPush, Assert.True); // every push found its plan already stored
        Assert.Equal(3, recorder.SeenInStoreAtPush.Count);
        Assert.Single(recorder.JobIds.Distinct()); // one idempotency key for the program, run and horizon start
        Assert.Equal(pushed.PushedJobId, again.PushedJobId);
        Assert.Equal(again.PushedJobId, latest!.PushedJobId);
        Assert.Equal(again.PushedJobId, Assert.Single(pushes).JobId);
    }

    /// <summary>The hub as the planner sees it, noting whether each pushed plan was stored first; can fail a push as a hub outage would.</summary>
    private sealed class PushRecorder(IDeviceHub inner, IScheduleStore store) : IDeviceHub
    {
        public bool FailNext { get; set; }

        public DateTimeOffset PlannedAt { get; set; }

        public List<bool> SeenInStoreAtPush { get; } = [];

        public List<string> JobIds { get; } = [];

        public async Task<string> ScheduleDesiredUpdateAsync(string jobId, string programId, JsonObject patch, CancellationToken cancellationToken)
        {
            SeenInStoreAtPush.Add(await store.FindAsync(programId, "2026-10-24", ScheduleRuns.Intraday, cancellationToken) is { } stored && stored.CreatedUtc == PlannedAt);
            JobIds.Add(jobId);
            if (FailNext)
            {
                FailNext = false;
                throw new HttpRequestException("the hub is unreachable");
            }

            return await inner.ScheduleDesiredUpdateAsync(jobId, programId, patch, cancellationToken);
        }

        public Task RegisterAsync(string deviceId, JsonObject tags, CancellationToken cancellationToken) => inner.RegisterAsync(deviceId, tags, cancellationToken);

        public Task<DeviceTwin?> GetTwinAsync(string deviceId, CancellationToken cancellationToken) => inner.GetTwinAsync(deviceId, cancellationToken);

        public Task<DeviceTwin> PatchDesiredAsync(string deviceId, JsonObject patch, string? etag, CancellationToken cancellationToken) => inner.PatchDesiredAsync(deviceId, patch, etag, cancellationToken);

        public IAsyncEnumerable<DeviceTwin> QueryByProgramAsync(string programId, CancellationToken cancellationToken) => inner.QueryByProgramAsync(programId, cancellationToken);
    }

    [Fact]
    public async Task Every_plan_pushed_to_the_devices_is_kept_when_later_plans_replace_the_days_schedule()
    {
        var a = await ArrangeAsync();
        var first = await a.Service.OptimizeAsync(a.Program, CancellationToken.None);
        await a.MoveClockAsync(BeforeDayAheadTime.AddMinutes(15));
        var second = await a.Service.OptimizeAsync(a.Program, CancellationToken.None);
        await a.Service.OptimizeAsync(a.Program, CancellationToken.None); // the same quarter hour's timer retried
        await a.MoveClockAsync(BeforeDayAheadTime.AddMinutes(30));
        var manual = await a.Service.OptimizeAsync(a.Program with { AutonomousScheduling = false }, CancellationToken.None);
        var latest = await a.Schedules.FindAsync(a.Program.ProgramId, "2026-10-24", ScheduleRuns.Intraday, CancellationToken.None);
        var pushes = await a.Schedules.ListPushesAsync(a.Program.ProgramId, BeforeDayAheadTime.AddHours(-1), BeforeDayAheadTime.AddHours(1), CancellationToken.None);

        Assert.Null(manual.PushedJobId);
        Assert.Null(latest!.PushedJobId); // the day's schedule is the latest plan, pushed or not
        Assert.Equal([first.StartUtc, second.StartUtc], pushes.Select(p => p.StartUtc));
        Assert.Equal([first.PushedJobId!, second.PushedJobId!], pushes.Select(p => p.JobId));
        Assert.All(pushes, p => Assert.Equal((ScheduleRuns.Intraday, "2026-10-24", 96, TimeSpan.FromHours(24)), (p.Run, p.Date, p.Intervals, p.EndUtc - p.StartUtc)));
        Assert.Equal(96, first.DeviceBaselineKw!.Length); // what the planned devices would draw undispatched, kept with each push
        Assert.Equal(first.DeviceBaselineKw, pushes[0].DeviceBaselineKw);

        // A push is found by any range its horizon overlaps, and only by those.
        var lastQuarter = second.StartUtc.AddHours(24).AddMinutes(-15);
        Assert.Equal([second.StartUtc], (await a.Schedules.ListPushesAsync(a.Program.ProgramId, lastQuarter, lastQuarter.AddDays(1), CancellationToken.None)).Select(p => p.StartUtc));
        Assert.Empty(await a.Schedules.ListPushesAsync(a.Program.ProgramId, second.StartUtc.AddHours(24), second.StartUtc.AddDays(2), CancellationToken.None));
        Assert.Empty(await a.Schedules.ListPushesAsync(a.Program.ProgramId, first.StartUtc.AddDays(-1), first.StartUtc, CancellationToken.None));
    }

    [Fact]
    public async Task A_program_planned_for_energy_cost_moves_its_batteries_into_the_tariffs_cheap_hours_and_says_what_the_day_costs()
    {
        var document = File.ReadAllText(SharedData.PathOf("acnportal-tariffs/sce_tou_ev_8_june_2019.json"));
        var tariff = new ProgramTariff(TariffJson.Parse(document), document);
        var forCost = await ArrangeAsync(configure: p => p with { Objective = ProgramObjectives.EnergyCost, Tariff = tariff });
        var forPeak = await ArrangeAsync(configure: p => p with { Tariff = tariff });
        var hour = BeforeDayAheadTime.AddMinutes(-50);
        foreach (var a in new[] { forCost, forPeak })
        {
            await a.Forecasts.SaveAsync(a.Program.ProgramId, [.. Enumerable.Range(0, 30).Select(h => Hourly(hour.AddHours(h), 3))], CancellationToken.None);
        }

        var costPlan = await forCost.Service.OptimizeAsync(forCost.Program, CancellationToken.None);
        var peakPlan = await forPeak.Service.OptimizeAsync(forPeak.Program, CancellationToken.None);

        Assert.Equal((ProgramObjectives.EnergyCost, ProgramObjectives.PeakShaving), (costPlan.Objective, peakPlan.Objective));
        Assert.Contains("prices: tariff 'SCE TOU-EV-8'", costPlan.ModelVersion, StringComparison.Ordinal);
        Assert.Equal(0, costPlan.InfeasibleDevices);
        // Same homes, same forecast, same prices: the same day's cost unplanned; the plan for cost costs least.
        Assert.NotNull(costPlan.BaselineCost);
        Assert.Equal(costPlan.BaselineCost, peakPlan.BaselineCost);
        Assert.True(costPlan.PlannedCost < costPlan.BaselineCost, $"{costPlan.BaselineCost} -> {costPlan.PlannedCost}");
        Assert.True(costPlan.PlannedCost <= peakPlan.PlannedCost, $"cost plan {costPlan.PlannedCost}, peak plan {peakPlan.PlannedCost}");
        // October is the tariff's winter: 0.297 a kWh from 16:00 to 21:00 London time (15:00Z-20:00Z, intervals 13-32 of
        // a plan from 11:45Z), 0.077 from 08:00 to 16:00. The batteries draw in the cheap hours and give in the dear ones.
        double MeanKw(double[] kw, int from, int to) => kw[from..to].Average();
        Assert.True(MeanKw(costPlan.PlannedNetKw, 13, 33) < MeanKw(costPlan.BaselineNetKw, 13, 33) - 1, "the evening's dear hours");
        Assert.True(MeanKw(costPlan.PlannedNetKw, 0, 13) > MeanKw(costPlan.BaselineNetKw, 0, 13), "the afternoon's cheap hours");
    }

    [Fact]
    public async Task Market_prices_that_cover_the_whole_horizon_price_the_plan_and_the_tariff_prices_it_otherwise()
    {
        var document = File.ReadAllText(SharedData.PathOf("acnportal-tariffs/sce_tou_ev_8_june_2019.json"));
        VppProgram ForCost(VppProgram p) => p with { Objective = ProgramObjectives.EnergyCost, Tariff = new ProgramTariff(TariffJson.Parse(document), document) };
        var covered = await ArrangeAsync(configure: ForCost);
        var halfCovered = await ArrangeAsync(configure: ForCost);
        // The market has it the other way round from the tariff's winter: dear until 15:00Z, cheap from 15:00Z to 20:00Z.
        var hour = BeforeDayAheadTime.AddMinutes(-50);
        MarketPrice PriceOfHour(int h) => new(hour.AddHours(h), hour.AddHours(h).Hour switch { < 15 and >= 11 => 0.40m, >= 15 and < 20 => 0.02m, _ => 0.10m });
        await covered.Prices.SaveAsync(covered.Program.ProgramId, new PriceFeed("test DAM", hour, 60, [.. Enumerable.Range(0, 25).Select(PriceOfHour)]), CancellationToken.None);
        await halfCovered.Prices.SaveAsync(halfCovered.Program.ProgramId, new PriceFeed("test DAM", hour, 60, [.. Enumerable.Range(0, 13).Select(PriceOfHour)]), CancellationToken.None);
        foreach (var a in new[] { covered, halfCovered })
        {
            await a.Forecasts.SaveAsync(a.Program.ProgramId, [.. Enumerable.Range(0, 30).Select(h => Hourly(hour.AddHours(h), 3))], CancellationToken.None);
        }

        var onMarket = await covered.Service.OptimizeAsync(covered.Program, CancellationToken.None);
        var onTariff = await halfCovered.Service.OptimizeAsync(halfCovered.Program, CancellationToken.None);

        Assert.Contains("prices: market 'test DAM'", onMarket.ModelVersion, StringComparison.Ordinal);
        Assert.Contains("prices: tariff 'SCE TOU-EV-8' (market prices cover 49 of 96 intervals)", onTariff.ModelVersion, StringComparison.Ordinal);
        double MeanKw(double[] kw, int from, int to) => kw[from..to].Average();
        Assert.True(MeanKw(onMarket.PlannedNetKw, 0, 13) < MeanKw(onMarket.BaselineNetKw, 0, 13) - 1, "the market's dear afternoon");
        Assert.True(MeanKw(onMarket.PlannedNetKw, 13, 33) > MeanKw(onMarket.BaselineNetKw, 13, 33), "the market's cheap evening");
        Assert.True(MeanKw(onTariff.PlannedNetKw, 13, 33) < MeanKw(onTariff.BaselineNetKw, 13, 33) - 1, "the tariff's dear evening");
        Assert.True(onMarket.PlannedCost < onMarket.BaselineCost);
    }
}
