using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Devices;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Telemetry;
using Vpp.Application.Tests;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Weather;
using Vpp.Domain.Tests;
using Vpp.Domain.Tests.Forecasting;
using Vpp.TestSupport.Memory;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

/// <summary>Habits learned from telemetry as ingestion stores it, on Azurite.</summary>
public sealed class DeviceHabitsLearnerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    /// <summary>A program and its devices on Azurite, with ingestion, the stores and the learner wired as the app wires them.</summary>
    private sealed record Rig(VppProgram Program, FakeTimeProvider Clock, TelemetryIngestion Ingestion, TableDeviceHabitsStore Habits, TableWeatherStore Weather, TableScheduleStore Schedules, DeviceHabitsLearner Learner)
    {
        private long sequence;

        /// <summary>Delivers one batch of a device's readings as ingestion receives it, the clock just past the last; all must count.</summary>
        public async Task DeliverAsync(string deviceId, IEnumerable<(DateTimeOffset At, TelemetryJson Body)> readings)
        {
            var batch = readings.Select(r => new TelemetryEvent(r.Body.Sequence(sequence).At(r.At).Bytes(), deviceId, "0", sequence++, r.At)).ToList();
            Clock.SetUtcNow(batch[^1].EnqueuedTime.AddMinutes(1));
            Assert.Equal(batch.Count, (await Ingestion.IngestAsync(batch, CancellationToken.None)).Counted);
        }

        public async Task<DeviceHabits> LearnedAsync(string deviceId) => (await Habits.ListAsync(Program.ProgramId, CancellationToken.None))[deviceId].Habits;
    }

    private async Task<Rig> ArrangeAsync(string prefix, string timeZone, DateTimeOffset now, params DeviceRegistration[] devices)
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var program = new VppProgram(AzuriteFixture.UniqueName(prefix), prefix + " habits", timeZone, 60);
        var fleet = new InMemoryFleetStore();
        foreach (var device in devices)
        {
            await fleet.SaveAsync(device with { DeviceId = $"{program.ProgramId}-{device.DeviceId}", ProgramId = program.ProgramId }, CancellationToken.None);
        }

        var ledger = new TableTelemetryLedgerStore(tables.TelemetryLedger);
        var clock = new FakeTimeProvider(now);
        var (habits, weather, schedules) = (new TableDeviceHabitsStore(tables), new TableWeatherStore(tables), new TableScheduleStore(tables));
        return new Rig(
            program,
            clock,
            new TelemetryIngestion(new CachedDeviceLookup(fleet), ledger, fleet, new InMemoryIngestionProgressStore(), new InMemoryDeadLetterStore(), clock, new TelemetryValidator()),
            habits,
            weather,
            schedules,
            new DeviceHabitsLearner(fleet, ledger, habits, weather, schedules, clock));
    }

    [Fact]
    public async Task Two_weeks_of_a_chargers_telemetry_teach_its_evenings_and_mornings_and_it_is_relearned_only_daily()
    {
        var rig = await ArrangeAsync("ev", "America/Chicago", new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero), TestDevices.EvCharger("ev"), TestDevices.EvCharger("new"));
        var charger = rig.Program.ProgramId + "-ev";

        // Home at 18:00, charging at 7 kW until 20:00, away at 07:00 local, day after day (CST, then a day's ingestion at a time).
        for (var day = 0; day < 14; day++)
        {
            var dayStart = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 11, 1).AddDays(day), Chicago));
            await rig.DeliverAsync(charger, Enumerable.Range(0, 96).Select(q =>
            {
                var at = dayStart.AddMinutes(15 * q);
                var local = TimeZoneInfo.ConvertTime(at, Chicago).TimeOfDay;
                var plugged = local >= TimeSpan.FromHours(18) || local < TimeSpan.FromHours(7);
                var charging = local >= TimeSpan.FromHours(18) && local < TimeSpan.FromHours(20);
                return (at, TelemetryJson.Valid().With("intervalSeconds", 900).With("deviceType", "ev-charger")
                    .With("powerKw", charging ? 7 : 0).With("plugged", plugged).With("sessionEnergyKwh", 0.0));
            }));
        }

        var learned = await rig.Learner.LearnAsync(rig.Program, CancellationToken.None);
        rig.Clock.SetUtcNow(rig.Clock.GetUtcNow().AddHours(1));
        var relearned = await rig.Learner.LearnAsync(rig.Program, CancellationToken.None);

        Assert.Equal(2, learned);
        Assert.Equal(0, relearned);
        var habits = (await rig.LearnedAsync(charger)).Charging!;
        Assert.True(habits.DepartureObserved);
        Assert.Equal(new TimeOnly(18, 0), habits.TypicalArrival);
        Assert.Equal(new TimeOnly(7, 0), habits.TypicalDeparture);
        Assert.Equal(14, habits.MedianSessionKwh, 6);
        Assert.Null((await rig.LearnedAsync(rig.Program.ProgramId + "-new")).Charging); // no history yet: the attempt is kept, the planner uses typical habits
    }

    [Fact]
    public async Task Two_weeks_of_a_water_heaters_minute_telemetry_teach_its_households_draws()
    {
        var rig = await ArrangeAsync("wh", "America/Los_Angeles", new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero), TestDevices.WaterHeater("wh"));
        var heater = rig.Program.ProgramId + "-wh";

        // A day's telemetry per delivery, each reading carrying the tank's temperature at the end of its minute.
        foreach (var day in SimulatedTank.Minutes(new DateTime(2026, 11, 2), 14, LosAngeles, SimulatedTank.Household).Chunk(24 * 60))
        {
            await rig.DeliverAsync(heater, day.Select(m => (m.Start, TelemetryJson.Valid().With("deviceType", "water-heater").With("powerKw", m.PowerKw).With("tankTemperatureC", Math.Round(m.TankC, 2)))));
        }

        Assert.Equal(1, await rig.Learner.LearnAsync(rig.Program, CancellationToken.None));
        var learned = await rig.LearnedAsync(heater);

        Assert.Null(learned.Charging);
        var habits = Assert.IsType<HotWaterHabits>(learned.HotWater);
        Assert.InRange(habits.DaysObserved, 13, 14);
        Assert.InRange(habits.DailyDrawKwh, 0.9 * SimulatedTank.HouseholdDailyKwh, 1.1 * SimulatedTank.HouseholdDailyKwh);
        Assert.Equal(6, Enumerable.Range(0, 24).MaxBy(h => habits.DrawKwByLocalHour[h])); // the showers
        Assert.InRange(habits.DrawKwByLocalHour[20], 1.0, 2.0);
    }

    [Fact]
    public async Task Two_weeks_of_a_heat_pumps_telemetry_and_the_programs_weather_teach_its_houses_heat_loss()
    {
        var start = new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
        var rig = await ArrangeAsync("hp", "America/Chicago", start, TestDevices.Thermostat("th"));
        var heatPump = rig.Program.ProgramId + "-th";
        var leaky = new SimulatedHouse(LossKwPerC: 0.26, StoreKwhPerC: 2, CompressorKw: 3.5, GainsKw: 0.4); // the registration's compressor

        foreach (var day in leaky.Minutes(start, 14, outdoorMeanC: 3, setpointC: 21).Chunk(24 * 60))
        {
            await rig.DeliverAsync(heatPump, day.Select(m => (m.Start, TelemetryJson.Valid().With("deviceType", "thermostat").With("powerKw", m.PowerKw)
                .With("indoorTemperatureC", Math.Round(m.IndoorC, 2)).With("setpointC", 21))));
            var hours = day.Select(m => SimulatedHouse.HourOf(m.Start)).Distinct().Select(h => new HourlyWeather(h, Math.Round(SimulatedHouse.Outdoor(h.AddMinutes(30), 3), 1))).ToList();
            await rig.Weather.SaveAsync(rig.Program.ProgramId, new WeatherFeed("test observations", rig.Clock.GetUtcNow(), hours), CancellationToken.None);
        }

        Assert.Equal(1, await rig.Learner.LearnAsync(rig.Program, CancellationToken.None));
        var house = Assert.IsType<HouseThermalHabits>((await rig.LearnedAsync(heatPump)).House);

        Assert.InRange(house.LossKwPerC, 0.9 * 0.26, 1.1 * 0.26);
        Assert.InRange(house.GainsKw, 0.1, 0.7);
    }

    [Fact]
    public async Task A_batterys_undispatched_draw_is_learned_by_local_quarter_hour_and_days_a_plan_was_pushed_are_left_out()
    {
        var rig = await ArrangeAsync("bat", "America/Los_Angeles", new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero), TestDevices.Battery("bat"));
        var battery = rig.Program.ProgramId + "-bat";
        var firstDay = new DateTime(2026, 11, 2); // a Monday; fourteen days of quarter-hour readings, a day per delivery
        var planned = new DateOnly(2026, 11, 10);

        for (var day = 0; day < 14; day++)
        {
            var date = DateOnly.FromDateTime(firstDay.AddDays(day));
            var dayStart = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(firstDay.AddDays(day), LosAngeles));
            await rig.DeliverAsync(battery, Enumerable.Range(0, 96).Select(q =>
            {
                var at = dayStart.AddMinutes(15 * q);
                var hour = TimeZoneInfo.ConvertTime(at, LosAngeles).Hour;
                // Self-consumption: charges from the roof 10:00–14:00, discharges 17:00–21:00. Steered by the plan on the
                // 10th and the morning after (the intraday plan runs 24 hours), it charged overnight and held the evening.
                var steered = date == planned || (date == planned.AddDays(1) && hour < 12);
                var kw = steered ? (hour < 6 ? 4.0 : 0) : hour switch { >= 10 and < 14 => 2.5, >= 17 and < 21 => -3, _ => 0 };
                return (at, TelemetryJson.Valid().With("intervalSeconds", 900).With("deviceType", "battery").With("powerKw", kw).With("stateOfChargePct", 50));
            }));
        }

        var pushed = PushedIntradayPlan(rig.Program.ProgramId, planned);
        await rig.Schedules.SaveAsync(pushed, [], CancellationToken.None);
        // Autonomy switched off that afternoon: the day's latest plan was not pushed, but the one before it steered the day.
        await rig.Schedules.SaveAsync(pushed with { StartUtc = pushed.StartUtc.AddHours(15), CreatedUtc = pushed.CreatedUtc.AddHours(15), PushedJobId = null }, [], CancellationToken.None);
        Assert.Equal(1, await rig.Learner.LearnAsync(rig.Program, CancellationToken.None));
        var profile = Assert.IsType<PowerProfile>((await rig.LearnedAsync(battery)).Power);

        Assert.Equal(12, profile.DaysObserved); // the planned day and the day after, into which the plan ran, left out
        Assert.Equal(2.5, profile.WeekdayKwByLocalQuarterHour[(11 * 4) + 2], 6);
        Assert.Equal(-3, profile.WeekdayKwByLocalQuarterHour[(18 * 4) + 1], 6);
        Assert.Equal(0, profile.WeekdayKwByLocalQuarterHour[3 * 4], 6);
        Assert.Equal(-3, profile.WeekendKwByLocalQuarterHour[(20 * 4) + 3], 6);
    }

    [Fact]
    public async Task A_large_fleet_is_relearned_a_share_per_run_those_never_learned_first_then_the_stalest()
    {
        var now = new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero);
        var fleet = Enumerable.Range(0, DeviceHabitsLearner.MinDevicesPerRun * 2 + 50).Select(i => TestDevices.Battery($"bat-{i:D4}")).ToArray();
        var rig = await ArrangeAsync("share", "America/Los_Angeles", now, fleet);

        var runs = new List<int>();
        for (var run = 0; run < 4; run++)
        {
            runs.Add(await rig.Learner.LearnAsync(rig.Program, CancellationToken.None));
            rig.Clock.SetUtcNow(rig.Clock.GetUtcNow().AddHours(1));
        }

        var learned = await rig.Habits.ListAsync(rig.Program.ProgramId, CancellationToken.None);
        rig.Clock.SetUtcNow(now.AddDays(1)); // the first run's devices are a day old, the others not yet
        var dayLater = await rig.Learner.LearnAsync(rig.Program, CancellationToken.None);
        var relearned = (await rig.Habits.ListAsync(rig.Program.ProgramId, CancellationToken.None)).Values.Where(h => h.LearnedUtc == now.AddDays(1)).Select(h => h.DeviceId).ToHashSet();

        Assert.Equal([500, 500, 50, 0], runs);
        Assert.Equal(fleet.Length, learned.Count);
        Assert.Equal(500, dayLater);
        Assert.Equal(learned.Values.Where(h => h.LearnedUtc == now).Select(h => h.DeviceId).ToHashSet(), relearned);
    }

    [Fact]
    public async Task Habits_stored_with_an_hourly_profile_read_back_without_it_and_are_relearned_first()
    {
        var now = new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero);
        var rig = await ArrangeAsync("hourly", "America/Los_Angeles", now, TestDevices.Battery("old"), TestDevices.Battery("new"));
        Assert.Equal(2, await rig.Learner.LearnAsync(rig.Program, CancellationToken.None));
        // The row as written before undispatched draws were learned by the quarter hour: 24 hourly means.
        var old = rig.Program.ProgramId + "-old";
        var hourly = Enumerable.Repeat(-1.0, 24);
        var json = JsonSerializer.Serialize(new { deviceId = old, learnedUtc = now, habits = new { power = new { daysObserved = 14, weekdayKwByLocalHour = hourly, weekendKwByLocalHour = hourly } } });
        await new StorageTables(azurite.Account).DeviceHabits.UpsertEntityAsync(new TableEntity(rig.Program.ProgramId, old) { ["Habits"] = json, ["LearnedUtc"] = now });

        var stored = await rig.Habits.FindAsync(rig.Program.ProgramId, old, CancellationToken.None);
        rig.Clock.SetUtcNow(now.AddHours(1));
        var relearned = await rig.Learner.LearnAsync(rig.Program, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Null(stored.Habits.Power);
        Assert.Equal(DateTimeOffset.MinValue, stored.LearnedUtc);
        Assert.Equal(1, relearned); // the other device was learned an hour ago
        Assert.Equal(now.AddHours(1), (await rig.Habits.FindAsync(rig.Program.ProgramId, old, CancellationToken.None))!.LearnedUtc);
    }

    private static ProgramSchedule PushedIntradayPlan(string programId, DateOnly localDate) =>
        new ProgramScheduleBuilder(programId, ScheduleRuns.DateKey(localDate), LocalDays.StartUtc(localDate, LosAngeles)).Pushed("schedule-job-1").Build(plannedDevices: 1);
}
