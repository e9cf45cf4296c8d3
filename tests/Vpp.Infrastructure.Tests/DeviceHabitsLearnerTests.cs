using Vpp.Application.Devices;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Application.Tests;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Weather;
using Vpp.Domain.Tests;
using Vpp.Domain.Tests.Forecasting;
using Vpp.Infrastructure.Memory;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

/// <summary>Habits learned from telemetry as ingestion stores it, on Azurite.</summary>
public sealed class DeviceHabitsLearnerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public async Task Two_weeks_of_a_chargers_telemetry_teach_its_evenings_and_mornings_and_it_is_relearned_only_daily()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var program = new VppProgram(AzuriteFixture.UniqueName("ev"), "EV habits", "America/Chicago", 900);
        var charger = TestDevices.EvCharger(program.ProgramId + "-ev") with { ProgramId = program.ProgramId };
        var quiet = TestDevices.EvCharger(program.ProgramId + "-new") with { ProgramId = program.ProgramId };
        var fleet = new InMemoryFleetStore();
        await fleet.SaveAsync(charger, CancellationToken.None);
        await fleet.SaveAsync(quiet, CancellationToken.None);
        var ledger = new TableTelemetryLedgerStore(tables.TelemetryLedger);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero));
        var ingestion = new TelemetryIngestion(new CachedDeviceLookup(fleet, clock), ledger, fleet, new InMemoryDeadLetterStore(), clock, new TelemetryValidator());

        // Home at 18:00, charging at 7 kW until 20:00, away at 07:00 local, day after day (CST, then a day's ingestion at a time).
        var firstDay = new DateTime(2026, 11, 1);
        var sequence = 0L;
        for (var day = 0; day < 14; day++)
        {
            var batch = new List<TelemetryEvent>();
            var dayStart = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(firstDay.AddDays(day), Chicago));
            for (var q = 0; q < 96; q++)
            {
                var at = dayStart.AddMinutes(15 * q);
                var local = TimeZoneInfo.ConvertTime(at, Chicago).TimeOfDay;
                var plugged = local >= TimeSpan.FromHours(18) || local < TimeSpan.FromHours(7);
                var charging = local >= TimeSpan.FromHours(18) && local < TimeSpan.FromHours(20);
                var body = TelemetryJson.Valid().Sequence(sequence).At(at).With("intervalSeconds", 900).With("deviceType", "ev-charger")
                    .With("powerKw", charging ? 7 : 0).With("plugged", plugged).With("sessionEnergyKwh", 0.0).Bytes();
                batch.Add(new TelemetryEvent(body, charger.DeviceId, "0", sequence++, at));
            }

            clock.Now = dayStart.AddDays(1);
            var report = await ingestion.IngestAsync(batch, CancellationToken.None);
            Assert.Equal(96, report.Counted);
        }

        var store = new TableDeviceHabitsStore(tables);
        var learner = new DeviceHabitsLearner(fleet, ledger, store, new TableWeatherStore(tables), clock);
        var learned = await learner.LearnAsync(program, CancellationToken.None);
        clock.Now = clock.Now.AddHours(1);
        var relearned = await learner.LearnAsync(program, CancellationToken.None);
        var all = await store.ListAsync(program.ProgramId, CancellationToken.None);

        Assert.Equal(2, learned);
        Assert.Equal(0, relearned);
        var habits = all[charger.DeviceId].Habits.Charging!;
        Assert.True(habits.DepartureObserved);
        Assert.Equal(new TimeOnly(18, 0), habits.TypicalArrival);
        Assert.Equal(new TimeOnly(7, 0), habits.TypicalDeparture);
        Assert.Equal(14, habits.MedianSessionKwh, 6);
        Assert.Null(all[quiet.DeviceId].Habits.Charging); // no history yet: the attempt is kept, the planner uses typical habits
    }

    [Fact]
    public async Task Two_weeks_of_a_water_heaters_minute_telemetry_teach_its_households_draws()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var program = new VppProgram(AzuriteFixture.UniqueName("wh"), "Hot water habits", "America/Los_Angeles", 60);
        var heater = TestDevices.WaterHeater(program.ProgramId + "-wh") with { ProgramId = program.ProgramId };
        var fleet = new InMemoryFleetStore();
        await fleet.SaveAsync(heater, CancellationToken.None);
        var ledger = new TableTelemetryLedgerStore(tables.TelemetryLedger);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero));
        var ingestion = new TelemetryIngestion(new CachedDeviceLookup(fleet, clock), ledger, fleet, new InMemoryDeadLetterStore(), clock, new TelemetryValidator());

        // A day's telemetry per delivery, each reading carrying the tank's temperature at the end of its minute.
        var sequence = 0L;
        foreach (var day in SimulatedTank.Minutes(new DateTime(2026, 11, 2), 14, LosAngeles, SimulatedTank.Household).Chunk(24 * 60))
        {
            var batch = day.Select(m => new TelemetryEvent(
                TelemetryJson.Valid().Sequence(sequence).At(m.Start).With("deviceType", "water-heater").With("powerKw", m.PowerKw).With("tankTemperatureC", Math.Round(m.TankC, 2)).Bytes(),
                heater.DeviceId, "0", sequence++, m.Start)).ToList();
            clock.Now = day[^1].Start.AddMinutes(1);
            Assert.Equal(batch.Count, (await ingestion.IngestAsync(batch, CancellationToken.None)).Counted);
        }

        var store = new TableDeviceHabitsStore(tables);
        Assert.Equal(1, await new DeviceHabitsLearner(fleet, ledger, store, new TableWeatherStore(tables), clock).LearnAsync(program, CancellationToken.None));
        var learned = (await store.ListAsync(program.ProgramId, CancellationToken.None))[heater.DeviceId];

        Assert.Null(learned.Habits.Charging);
        var habits = Assert.IsType<HotWaterHabits>(learned.Habits.HotWater);
        Assert.InRange(habits.DaysObserved, 13, 14);
        Assert.InRange(habits.DailyDrawKwh, 0.9 * SimulatedTank.HouseholdDailyKwh, 1.1 * SimulatedTank.HouseholdDailyKwh);
        Assert.Equal(6, Enumerable.Range(0, 24).MaxBy(h => habits.DrawKwByLocalHour[h])); // the showers
        Assert.InRange(habits.DrawKwByLocalHour[20], 1.0, 2.0);
    }

    [Fact]
    public async Task Two_weeks_of_a_heat_pumps_telemetry_and_the_programs_weather_teach_its_houses_heat_loss()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var program = new VppProgram(AzuriteFixture.UniqueName("hp"), "Heat pump habits", "America/Chicago", 60);
        var heatPump = TestDevices.Thermostat(program.ProgramId + "-th") with { ProgramId = program.ProgramId };
        var fleet = new InMemoryFleetStore();
        await fleet.SaveAsync(heatPump, CancellationToken.None);
        var ledger = new TableTelemetryLedgerStore(tables.TelemetryLedger);
        var weather = new TableWeatherStore(tables);
        var start = new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(start);
        var ingestion = new TelemetryIngestion(new CachedDeviceLookup(fleet, clock), ledger, fleet, new InMemoryDeadLetterStore(), clock, new TelemetryValidator());
        var leaky = new SimulatedHouse(LossKwPerC: 0.26, StoreKwhPerC: 2, CompressorKw: 3.5, GainsKw: 0.4); // the registration's compressor

        var sequence = 0L;
        foreach (var day in leaky.Minutes(start, 14, outdoorMeanC: 3, setpointC: 21).Chunk(24 * 60))
        {
            var batch = day.Select(m => new TelemetryEvent(
                TelemetryJson.Valid().Sequence(sequence).At(m.Start).With("deviceType", "thermostat").With("powerKw", m.PowerKw)
                    .With("indoorTemperatureC", Math.Round(m.IndoorC, 2)).With("setpointC", 21).Bytes(),
                heatPump.DeviceId, "0", sequence++, m.Start)).ToList();
            clock.Now = day[^1].Start.AddMinutes(1);
            Assert.Equal(batch.Count, (await ingestion.IngestAsync(batch, CancellationToken.None)).Counted);
            var hours = day.Select(m => SimulatedHouse.HourOf(m.Start)).Distinct().Select(h => new HourlyTemperature(h, Math.Round(SimulatedHouse.Outdoor(h.AddMinutes(30), 3), 1))).ToList();
            await weather.SaveAsync(program.ProgramId, new TemperatureFeed("test observations", clock.Now, hours), CancellationToken.None);
        }

        var store = new TableDeviceHabitsStore(tables);
        Assert.Equal(1, await new DeviceHabitsLearner(fleet, ledger, store, weather, clock).LearnAsync(program, CancellationToken.None));
        var house = Assert.IsType<HouseThermalHabits>((await store.ListAsync(program.ProgramId, CancellationToken.None))[heatPump.DeviceId].Habits.House);

        Assert.InRange(house.LossKwPerC, 0.9 * 0.26, 1.1 * 0.26);
        Assert.InRange(house.GainsKw, 0.1, 0.7);
    }
}
