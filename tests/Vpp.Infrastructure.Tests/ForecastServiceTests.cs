using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Fleet;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Tests;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Tests;
using Vpp.Domain.Weather;
using Vpp.Infrastructure.Forecasting;
using Vpp.TestSupport.Memory;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

/// <summary>ForecastRefresh's use case on a real Azurite, learning from a real household's load scaled to a program.</summary>
public sealed class ForecastServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const double Homes = 100;
    private static readonly DateTimeOffset HistoryStart = new(2013, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset HistoryEnd = new(2014, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private async Task<(ForecastService Service, TableForecastStore Store, TableFleetSnapshotStore Snapshots, FakeTimeProvider Clock, VppProgram Program)> ArrangeAsync()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var programs = new TableProgramStore(tables);
        var program = new VppProgram(AzuriteFixture.UniqueName("fc"), "Forecast test", "Europe/London", 60);
        await programs.SaveAsync(program, CancellationToken.None);
        var store = new TableForecastStore(tables);
        var snapshots = new TableFleetSnapshotStore(tables);
        var clock = new FakeTimeProvider(HistoryEnd.AddHours(2).AddMinutes(5));
        var learner = new DeviceHabitsLearner(new InMemoryFleetStore(), new InMemoryTelemetryLedgerStore(), new TableDeviceHabitsStore(tables), new TableWeatherStore(tables), new TableScheduleStore(tables), clock);
        return (new ForecastService(programs, snapshots, store, new TableWeatherStore(tables), new TableScheduleStore(tables), learner, clock), store, snapshots, clock, program);
    }

    private static List<ProgramHour> RealHistory()
    {
        var load = SeriesRegularizer.Regularize(
            CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/uk-electricity-hdd-only-hourly-sample-1.csv.gz"), TimeZoneInfo.Utc), TimeSpan.FromHours(1), Aggregation.Sum).Series;
        var hours = new List<ProgramHour>();
        for (var t = HistoryStart; t < HistoryEnd; t = t.AddHours(1))
        {
            var kwh = load.ValueAt(t);
            if (double.IsFinite(kwh))
            {
                // Batteries can give more in the evening, when the homes have charged them from the day.
                var up = 40 + (20 * Math.Sin(t.Hour * Math.PI / 12));
                hours.Add(new ProgramHour(t, 60, kwh * Homes, double.NaN, new Dictionary<string, FlexibilityRecord> { ["battery"] = new(up, 80 - up, up, 80 - up) }));
            }
        }

        return hours;
    }

    private static FleetSnapshot Snapshot(string programId, DateTimeOffset asOf, double siteNetKw, double solarKw = 0)
    {
        var byType = Enum.GetValues<DeviceType>().ToDictionary(t => t, _ => new FleetTypeSummary());
        byType[DeviceType.Battery] = new FleetTypeSummary { Online = 100, PowerKw = 10, Flexibility = new Flexibility(50, 30, 50, 30) };
        return new FleetSnapshot(programId, asOf, byType, 10, siteNetKw, solarKw, new Flexibility(50, 30, 50, 30));
    }

    [Fact]
    public async Task A_refresh_folds_new_snapshots_into_hourly_history_and_stores_48_hours_of_quantile_forecasts()
    {
        var (service, store, snapshots, clock, program) = await ArrangeAsync();
        await store.SaveHistoryAsync(program.ProgramId, RealHistory(), CancellationToken.None);
        foreach (var (minute, kw) in new[] { (0, 40.0), (20, 50.0), (40, 60.0) })
        {
            await snapshots.SaveAsync(Snapshot(program.ProgramId, HistoryEnd.AddMinutes(minute), kw, solarKw: 0), CancellationToken.None);
        }

        var issued = await service.RefreshAsync(program, CancellationToken.None);
        var again = await service.RefreshAsync(program, CancellationToken.None);

        var currentHour = HistoryEnd.AddHours(2);
        Assert.Equal(ForecastService.HorizonHours, issued.Count);
        Assert.Equal(currentHour, issued[0].StartUtc);
        Assert.Contains(DayAheadForecaster.EnsembleModel, issued[0].ModelVersion, StringComparison.Ordinal);
        Assert.Equal(HistoryStart, issued[0].InputsFromUtc);
        Assert.Equal(currentHour, issued[0].InputsToUtc);
        Assert.All(issued, i => Assert.True(i.LoadKw.P10 <= i.LoadKw.P50 && i.LoadKw.P50 <= i.LoadKw.P90, $"load quantiles out of order at {i.StartUtc:O}"));
        Assert.All(issued, i => Assert.True(i.FlexibilityByType["battery"].UpKw.P10 >= 0));
        var mean = issued.Average(i => i.LoadKw.P50);
        Assert.InRange(mean, 10, 200); // a hundred homes, a few hundred watts each on average
        var evening = issued.Where(i => i.StartUtc.Hour is >= 17 and <= 20).Average(i => i.LoadKw.P50);
        var night = issued.Where(i => i.StartUtc.Hour is >= 2 and <= 5).Average(i => i.LoadKw.P50);
        Assert.True(evening > night, $"evening {evening:0.0} kW vs night {night:0.0} kW");

        var history = await store.LoadHistoryAsync(program.ProgramId, HistoryEnd, CancellationToken.None);
        var folded = Assert.Single(history);
        Assert.Equal(3, folded.Snapshots);
        Assert.Equal(50, folded.SiteNetKw, 6);
        Assert.Equal(50, folded.FlexibilityByType["battery"].UpKw, 6);
        Assert.Equal(0, folded.SolarKw, 6);
        Assert.All(issued, i => Assert.Null(i.SolarKw)); // December nights and a fleet that never reported any sun
        Assert.Contains("solar: none", issued[0].ModelVersion, StringComparison.Ordinal);

        Assert.Equal(issued.Count, again.Count);
        var stored = await store.FindAsync(program.ProgramId, currentHour, currentHour.AddDays(3), CancellationToken.None);
        Assert.Equal(ForecastService.HorizonHours, stored.Count); // the second run replaced the first, hour for hour
        Assert.Equal(again[5].LoadKw, stored[5].LoadKw);
        Assert.Equal(6, (await store.FindAsync(program.ProgramId, currentHour.AddHours(6), currentHour.AddHours(12), CancellationToken.None)).Count);

        clock.SetUtcNow(clock.GetUtcNow().AddHours(1));
        await service.RefreshAsync(program, CancellationToken.None);
        Assert.Single(await store.LoadHistoryAsync(program.ProgramId, HistoryEnd, CancellationToken.None)); // hours without snapshots are gaps, not zeros
    }

    [Fact]
    public async Task A_program_without_history_gets_no_forecast_and_one_with_an_hour_gets_persistence_of_load_and_solar()
    {
        var (service, _, snapshots, _, program) = await ArrangeAsync();

        Assert.Empty(await service.RefreshAsync(program, CancellationToken.None));

        await snapshots.SaveAsync(Snapshot(program.ProgramId, HistoryEnd.AddHours(1).AddMinutes(30), 42, solarKw: 7.5), CancellationToken.None);
        var issued = await service.RefreshAsync(program, CancellationToken.None);

        Assert.Equal(ForecastService.HorizonHours, issued.Count);
        Assert.Contains($"load: {DayAheadForecaster.PersistenceModel}", issued[0].ModelVersion, StringComparison.Ordinal);
        Assert.Contains($"solar: {DayAheadForecaster.PersistenceModel}", issued[0].ModelVersion, StringComparison.Ordinal);
        Assert.All(issued, i => Assert.Equal(42, i.LoadKw.P50));
        Assert.All(issued, i => Assert.Equal(7.5, i.SolarKw!.P50));
    }

    [Fact]
    public async Task Hours_a_pushed_plan_steered_are_learned_as_the_load_the_homes_would_have_drawn_undispatched()
    {
        var (service, store, snapshots, _, program) = await ArrangeAsync();
        var schedules = new TableScheduleStore(new StorageTables(azurite.Account));
        var hour = HistoryEnd.AddHours(1);
        // A rolling plan from a quarter past, on the twins 5 s later, expected the batteries to draw 25 kW undispatched.
        var planStart = hour.AddMinutes(15);
        await schedules.SaveAsync(
            new ProgramScheduleBuilder(program.ProgramId, "2014-01-05", planStart).Load(42).DevicesUndispatched(25).Pushed("job-1").Build(plannedDevices: 100),
            [],
            CancellationToken.None);
        foreach (var minute in new[] { 0, 20, 40 })
        {
            await snapshots.SaveAsync(Snapshot(program.ProgramId, hour.AddMinutes(minute), 42), CancellationToken.None); // the batteries drew 10 kW
        }

        var issued = await service.RefreshAsync(program, CancellationToken.None);

        var folded = Assert.Single(await store.LoadHistoryAsync(program.ProgramId, hour, CancellationToken.None));
        Assert.Equal(42, folded.SiteNetKw, 6); // what the meters saw is kept
        Assert.Equal(-10, folded.DispatchShiftKw!.Value, 6); // two of three snapshots steered, each 15 kW below the plan's baseline
        Assert.All(issued, i => Assert.Equal(52, i.LoadKw.P50)); // persistence of the load the homes would have drawn
        Assert.Contains("(1 of 1 hours steered by pushed plans)", issued[0].ModelVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Homes_with_rooftop_solar_get_a_statistical_clear_sky_forecast_learned_from_a_real_arrays_output()
    {
        var (service, store, _, clock, _) = await ArrangeAsync();
        var tables = new StorageTables(azurite.Account);
        var program = new VppProgram(AzuriteFixture.UniqueName("pv"), "Solar homes", "America/Denver", 60);
        await new TableProgramStore(tables).SaveAsync(program, CancellationToken.None);
        var denver = program.FindTimeZone();
        var kw = SeriesRegularizer.Regularize(
            CsvTimeSeries.Read(SharedData.PathOf("pvdaq-pv-telemetry/serf_east_15min_ac_power.csv"), denver).Select(p => p with { Value = p.Value / 1000 }), TimeSpan.FromHours(1), Aggregation.Mean).Series;
        var origin = new DateTimeOffset(2016, 9, 1, 6, 0, 0, TimeSpan.Zero); // local midnight
        var hours = new List<ProgramHour>();
        for (var t = origin.AddDays(-30); t < origin; t = t.AddHours(1))
        {
            hours.Add(new ProgramHour(t, 60, 80 - (Homes * kw.ValueAt(t)), Homes * kw.ValueAt(t), new Dictionary<string, FlexibilityRecord>()));
        }

        await store.SaveHistoryAsync(program.ProgramId, hours, CancellationToken.None);
        clock.SetUtcNow(origin.AddMinutes(5));

        var issued = await service.RefreshAsync(program, CancellationToken.None);

        Assert.Contains(SolarDayAheadForecaster.Model, issued[0].ModelVersion, StringComparison.Ordinal);
        var solar = issued.Select(i => (Local: TimeZoneInfo.ConvertTime(i.StartUtc, denver), Forecast: i.SolarKw!)).ToList();
        Assert.All(solar.Where(s => s.Local.Hour is < 5 or > 20), s => Assert.Equal(new QuantileForecast(0, 0, 0), s.Forecast));
        Assert.All(solar, s => Assert.True(s.Forecast.P10 <= s.Forecast.P50 && s.Forecast.P50 <= s.Forecast.P90, $"{s.Local}: {s.Forecast}"));
        var noon = solar.Where(s => s.Local.Hour is >= 11 and <= 13).ToList();
        Assert.All(noon, s => Assert.InRange(s.Forecast.P50, 100, Homes * 5.5)); // a hundred 5.4 kW arrays under a September sun
        var actualNoon = noon.Average(s => Homes * kw.ValueAt(s.Local));
        Assert.InRange(noon.Average(s => s.Forecast.P50), 0.5 * actualNoon, 1.5 * actualNoon);
    }

    [Fact]
    public async Task Cloud_cover_delivered_with_the_weather_steers_the_solar_forecast_of_a_real_array_towards_the_day_it_brought()
    {
        var denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");
        RegularSeries Hourly(string file, string column) => SeriesRegularizer.Regularize(
            CsvTimeSeries.ReadColumns(SharedData.PathOf($"pvdaq-pv-telemetry/{file}"), denver, column)[column], TimeSpan.FromHours(1), Aggregation.Mean).Series;
        var watts = Hourly("serf_east_15min_ac_power.csv", "ac_power");
        var kw = new RegularSeries(watts.Start, watts.Resolution, [.. watts.Values.Select(w => w / 1000)]);
        var (ghi, ghiClear, airC) = (Hourly("serf_east_psm3_data.csv", "ghi"), Hourly("serf_east_psm3_data.csv", "ghi_clear"), Hourly("serf_east_psm3_data.csv", "temp_air"));

        // The satellite's clearness, delivered as the cloud cover that gives it (Kasten and Czeplak inverted); none at night.
        double? CloudCoverPct(DateTimeOffset t) => SkyClearness.FromIrradiance(ghi.ValueAt(t), ghiClear.ValueAt(t)) is var k && double.IsFinite(k)
            ? Math.Round(100 * Math.Pow((1 - Math.Clamp(k, 0.25, 1)) / 0.75, 1 / 3.4), 1)
            : null;
        double withError = 0, withoutError = 0, withLoadError = 0, withoutLoadError = 0;
        foreach (var date in new[] { "2016-08-20", "2016-09-01", "2016-09-15" })
        {
            var origin = LocalDays.StartUtc(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), denver);
            async Task<IReadOnlyList<ForecastInterval>> ForecastAsync(bool clouds)
            {
                var (service, store, _, clock, _) = await ArrangeAsync();
                var tables = new StorageTables(azurite.Account);
                var program = new VppProgram(AzuriteFixture.UniqueName("sky"), "Solar homes", "America/Denver", 60);
                await new TableProgramStore(tables).SaveAsync(program, CancellationToken.None);
                var hours = Enumerable.Range(-30 * 24, 30 * 24).Select(h => origin.AddHours(h)).ToList();
                await store.SaveHistoryAsync(program.ProgramId, [.. hours.Select(t => new ProgramHour(t, 60, 80 - (Homes * kw.ValueAt(t)), Homes * kw.ValueAt(t), new Dictionary<string, FlexibilityRecord>()))], CancellationToken.None);
                var weather = hours.Concat(Enumerable.Range(0, ForecastService.HorizonHours).Select(h => origin.AddHours(h)))
                    .Select(t => new HourlyWeather(t, airC.ValueAt(t), clouds ? CloudCoverPct(t) : null)).ToList();
                await new TableWeatherStore(tables).SaveAsync(program.ProgramId, new WeatherFeed("NSRDB PSM3", origin, weather), CancellationToken.None);
                clock.SetUtcNow(origin.AddMinutes(5));
                return await service.RefreshAsync(program, CancellationToken.None);
            }

            var with = await ForecastAsync(clouds: true);
            var without = await ForecastAsync(clouds: false);

            Assert.Contains("sky clearness (", with[0].ModelVersion, StringComparison.Ordinal);
            Assert.Contains("less the solar forecast", with[0].ModelVersion, StringComparison.Ordinal);
            Assert.DoesNotContain("sky clearness", without[0].ModelVersion, StringComparison.Ordinal);
            Assert.All(with, i => Assert.Equal(CloudCoverPct(i.StartUtc), i.CloudCoverPct));
            Assert.Contains(with, i => i.CloudCoverPct is not null);
            Assert.All(without, i => Assert.Null(i.CloudCoverPct));
            Assert.All(with, i => Assert.True(i.LoadKw.P10 <= i.LoadKw.P50 && i.LoadKw.P50 <= i.LoadKw.P90, $"load quantiles out of order at {i.StartUtc:O}"));
            withError += with.Sum(i => Math.Pow(i.SolarKw!.P50 - (Homes * kw.ValueAt(i.StartUtc)), 2));
            withoutError += without.Sum(i => Math.Pow(i.SolarKw!.P50 - (Homes * kw.ValueAt(i.StartUtc)), 2));
            withLoadError += with.Sum(i => Math.Pow(i.LoadKw.P50 - (80 - (Homes * kw.ValueAt(i.StartUtc))), 2));
            withoutLoadError += without.Sum(i => Math.Pow(i.LoadKw.P50 - (80 - (Homes * kw.ValueAt(i.StartUtc))), 2));
        }

        // Three 48-hour forecasts of a hundred real arrays: the sky they were told must make them better, all told, and
        // the homes' net load with them (they consume a steady 80 kW, so the net load is all sky).
        Assert.True(withError < 0.5 * withoutError, $"squared error with cloud cover {withError:0}, without {withoutError:0}");
        Assert.True(withLoadError < 0.5 * withoutLoadError, $"net load's squared error with cloud cover {withLoadError:0}, without {withoutLoadError:0}");
    }

    /// <summary>A weather-sensitive Illinois home (cooling and heating) scaled to a program, with its station's temperatures.</summary>
    private sealed class IllinoisHomes
    {
        private readonly RegularSeries load;
        private readonly RegularSeries fahrenheit;

        public IllinoisHomes()
        {
            load = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/il-electricity-cdd-hdd-hourly.csv.gz"), Zone), TimeSpan.FromHours(1), Aggregation.Sum).Series;
            fahrenheit = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/il-tempF.csv.gz"), Zone), TimeSpan.FromHours(1), Aggregation.Mean).Series;
        }

        public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

        public double LoadKw(DateTimeOffset t) => Homes * load.ValueAt(t);

        public double TemperatureC(DateTimeOffset t) => Math.Round((fahrenheit.ValueAt(t) - 32) * 5 / 9, 2);

        public List<ProgramHour> History(DateTimeOffset origin, int days) =>
            [.. Enumerable.Range(-days * 24, days * 24).Select(h => origin.AddHours(h)).Select(t => new ProgramHour(t, 60, LoadKw(t), double.NaN, new Dictionary<string, FlexibilityRecord>()))];

        public WeatherFeed Weather(DateTimeOffset origin, int fromHour, int toHour) =>
            new("NOAA ISD 724390", origin, [.. Enumerable.Range(fromHour, toHour - fromHour).Select(h => new HourlyWeather(origin.AddHours(h), TemperatureC(origin.AddHours(h))))]);
    }

    private async Task<IReadOnlyList<ForecastInterval>> ForecastIllinoisAsync(IllinoisHomes homes, DateTimeOffset origin, WeatherFeed? weather)
    {
        var (service, store, _, clock, _) = await ArrangeAsync();
        var tables = new StorageTables(azurite.Account);
        var program = new VppProgram(AzuriteFixture.UniqueName("wx"), "Illinois homes", "America/Chicago", 60);
        await new TableProgramStore(tables).SaveAsync(program, CancellationToken.None);
        await store.SaveHistoryAsync(program.ProgramId, homes.History(origin, days: 56), CancellationToken.None);
        if (weather is not null)
        {
            await new TableWeatherStore(tables).SaveAsync(program.ProgramId, weather, CancellationToken.None);
        }

        clock.SetUtcNow(origin.AddMinutes(5));
        return await service.RefreshAsync(program, CancellationToken.None);
    }

    [Fact]
    public async Task Outdoor_temperatures_over_history_and_horizon_reach_the_load_regression_and_sharpen_a_weather_sensitive_forecast()
    {
        var homes = new IllinoisHomes();
        double withError = 0, withoutError = 0;
        foreach (var date in new[] { "2016-07-10", "2016-07-20", "2016-08-05", "2017-01-10", "2017-06-15" })
        {
            var origin = LocalDays.StartUtc(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), IllinoisHomes.Zone);
            var with = await ForecastIllinoisAsync(homes, origin, homes.Weather(origin, -56 * 24, ForecastService.HorizonHours));
            var without = await ForecastIllinoisAsync(homes, origin, weather: null);

            Assert.Contains("temperature 100 % of history, 100 % of horizon", with[0].ModelVersion, StringComparison.Ordinal);
            Assert.All(with, i => Assert.Equal(homes.TemperatureC(i.StartUtc), i.TemperatureC));
            Assert.Contains("no temperature", without[0].ModelVersion, StringComparison.Ordinal);
            Assert.All(without, i => Assert.Null(i.TemperatureC));
            withError += with.Sum(i => Math.Abs(i.LoadKw.P50 - homes.LoadKw(i.StartUtc)));
            withoutError += without.Sum(i => Math.Abs(i.LoadKw.P50 - homes.LoadKw(i.StartUtc)));
        }

        // Five 48-hour forecasts of homes that heat and cool: knowing the weather must make them better, all told.
        Assert.True(withError < withoutError, $"absolute error with temperature {withError:0} kWh, without {withoutError:0} kWh");
    }

    [Fact]
    public async Task A_weather_record_that_misses_much_of_the_history_is_left_out_and_the_model_version_says_why()
    {
        var homes = new IllinoisHomes();
        var origin = LocalDays.StartUtc(new DateOnly(2016, 7, 10), IllinoisHomes.Zone);

        var issued = await ForecastIllinoisAsync(homes, origin, homes.Weather(origin, -7 * 24, ForecastService.HorizonHours));

        Assert.Contains("no temperature: temperature 12 % of history, 100 % of horizon", issued[0].ModelVersion, StringComparison.Ordinal);
        Assert.All(issued, i => Assert.Null(i.TemperatureC));
        Assert.Equal(ForecastService.HorizonHours, issued.Count);
    }
}
