using Vpp.Application.Fleet;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Weather;
using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;

namespace Vpp.Application.Forecasting;

/// <summary>
/// ForecastRefresh's work, hourly for every program: fold the fleet snapshots recorded since the last run into hourly
/// history, then forecast the next 48 hours (the rest of today and all of tomorrow, whatever the local time) of the
/// homes' baseline load, their rooftop solar output and each device type's flexibility, with P10/P50/P90 from the
/// forecasters' own errors; and keep each EV charger's, water heater's and heat pump's learned habits no more than a
/// day old (<see cref="DeviceHabitsLearner"/>). The load forecast takes the program's outdoor temperatures
/// (<see cref="IWeatherStore"/>) when they cover nearly all of the history and of the horizon: a regression fitted on a
/// patchy record would be worse than none. It forecasts the load the homes would draw undispatched: in hours a pushed
/// plan steered the devices (<see cref="PlansInForce"/>), their measured draw gives way to what the plan expected them
/// to draw undispatched (<see cref="ProgramHour.DispatchShiftKw"/>), or a program always under plans would learn its
/// own shaved peaks as its baseline and plan less each day. Where the weather's cloud cover shaped the solar forecast,
/// the load forecast is the homes' consumption less it.
/// </summary>
public sealed class ForecastService(
    IProgramStore programs, IFleetSnapshotStore snapshots, IForecastStore forecasts, IWeatherStore weather, IScheduleStore schedules, DeviceHabitsLearner habits, TimeProvider clock)
{
    public const string ModelVersion = "forecast-refresh/3";
    public const double MinTemperatureCoverage = 0.9;
    public const int HorizonHours = 48;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(56);

    public Task<ProgramSweepResult> RefreshAllAsync(CancellationToken cancellationToken) =>
        ProgramSweep.RunAsync(programs, async (program, ct) =>
        {
            await RefreshAsync(program, ct);
            await habits.LearnAsync(program, ct);
        }, cancellationToken);

    /// <summary>Updates the program's history and stores a new forecast; empty while the program has no history at all.</summary>
    public async Task<IReadOnlyList<ForecastInterval>> RefreshAsync(VppProgram program, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var currentHour = UtcIntervals.Floor(now, Hour);
        var history = (await forecasts.LoadHistoryAsync(program.ProgramId, currentHour - HistoryWindow, cancellationToken))
            .Where(h => h.HourStartUtc < currentHour)
            .ToList();
        var catchUpFrom = history.Count > 0 ? history[^1].HourStartUtc + Hour : currentHour - HistoryWindow;
        var recorded = await snapshots.ListAsync(program.ProgramId, catchUpFrom, currentHour, cancellationToken);
        var plans = new PlansInForce(recorded.Count == 0 ? [] : await schedules.ListPushesAsync(program.ProgramId, catchUpFrom, currentHour, cancellationToken));
        var newHours = recorded.GroupBy(s => UtcIntervals.Floor(s.AsOf, Hour)).Select(g => ProgramHour.Average(g.Key, [.. g], plans.DeviceBaselineKwAt)).OfType<ProgramHour>().ToList();
        await forecasts.SaveHistoryAsync(program.ProgramId, newHours, cancellationToken);
        history.AddRange(newHours);
        if (history.Count == 0)
        {
            return [];
        }

        var zone = program.FindTimeZone();
        var holidays = program.FindHolidays();
        var weatherHours = await weather.FindAsync(program.ProgramId, history[0].HourStartUtc, HorizonEnd(currentHour), cancellationToken);
        var (temperature, temperatureNote) = Temperatures(weatherHours, history[0].HourStartUtc, currentHour);
        var solar = ForecastSolar(history, weatherHours, zone, holidays, currentHour);
        var load = solar is { FollowsWeather: true } ? NetOfSolar(history, temperature, zone, holidays, currentHour, solar)
            : DayAheadForecaster.Forecast(Series(history, currentHour, h => h.UndispatchedNetKw), temperature, zone, holidays, currentHour, HorizonHours);
        var steeredHours = history.Count(h => h.DispatchShiftKw is not null);
        var types = history.SelectMany(h => h.FlexibilityByType.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var flexibility = types.ToDictionary(type => type, type =>
        {
            SeriesForecast Of(Func<FlexibilityRecord, double> metric) =>
                DayAheadForecaster.Forecast(Series(history, currentHour, h => h.FlexibilityByType.TryGetValue(type, out var f) ? metric(f) : 0), null, zone, holidays, currentHour, HorizonHours, floor: 0);
            return (Up: Of(f => f.UpKw), Down: Of(f => f.DownKw), UpEnergy: Of(f => f.UpEnergyNextHourKwh), DownEnergy: Of(f => f.DownEnergyNextHourKwh));
        });

        var flexibilityModel = flexibility.Values.Select(f => f.Up.Model).FirstOrDefault() ?? "none (no devices)";
        var modelVersion = $"{ModelVersion}; load: {load.Model} of the undispatched load ({steeredHours} of {history.Count} hours steered by pushed plans), {temperatureNote}; solar: {solar?.Model ?? "none (no solar reported)"}; flexibility: {flexibilityModel}";
        var inputsFrom = history[0].HourStartUtc;
        var cloudCover = weatherHours.Where(h => h.CloudCoverPct is not null).ToDictionary(h => h.HourStartUtc, h => h.CloudCoverPct!.Value);
        var intervals = load.Points.Select((point, k) => new ForecastInterval(
            point.Time,
            (int)Hour.TotalMinutes,
            Quantiles(point),
            solar is null ? null : Quantiles(solar.Points[k]),
            flexibility.ToDictionary(f => f.Key, f => new FlexibilityForecast(
                Quantiles(f.Value.Up.Points[k]), Quantiles(f.Value.Down.Points[k]), Quantiles(f.Value.UpEnergy.Points[k]), Quantiles(f.Value.DownEnergy.Points[k]))),
            now,
            modelVersion,
            inputsFrom,
            currentHour,
            temperature?.ValueAt(point.Time) is { } c && double.IsFinite(c) ? c : null,
            solar is { FollowsWeather: true } && cloudCover.TryGetValue(point.Time, out var pct) ? pct : null)).ToList();
        await forecasts.SaveAsync(program.ProgramId, intervals, cancellationToken);
        return intervals;
    }

    /// <summary>
    /// The program's hourly temperatures from the first hour of history to the end of the horizon, and a note for the
    /// model version; none when they cover less than <see cref="MinTemperatureCoverage"/> of either part.
    /// </summary>
    private static (RegularSeries? Temperature, string Note) Temperatures(IReadOnlyList<StoredWeather> weatherHours, DateTimeOffset from, DateTimeOffset currentHour)
    {
        var series = Hourly(weatherHours, from, HorizonEnd(currentHour), h => h.HourStartUtc, h => h.TemperatureC);
        var values = series.Values;
        var historyHours = (int)((currentHour - from) / Hour);
        double Coverage(IEnumerable<double> part, int count) => part.Count(double.IsFinite) / (double)count;
        var pastCoverage = Coverage(values.Take(historyHours), historyHours);
        var aheadCoverage = Coverage(values.Skip(historyHours), HorizonHours);
        var note = FormattableString.Invariant($"temperature {pastCoverage:P0} of history, {aheadCoverage:P0} of horizon");
        return pastCoverage >= MinTemperatureCoverage && aheadCoverage >= MinTemperatureCoverage
            ? (series, note)
            : (null, "no temperature: " + note);
    }

    /// <summary>
    /// The statistical clear-sky forecast once there are a few days of solar history, with the sky's clearness from the
    /// cloud cover the weather feed delivered where it did; a generic profile before; none for a program whose homes
    /// have never reported solar output.
    /// </summary>
    private static SeriesForecast? ForecastSolar(List<ProgramHour> history, IReadOnlyList<StoredWeather> weatherHours, TimeZoneInfo zone, HolidayCalendar holidays, DateTimeOffset currentHour)
    {
        if (!history.Any(h => h.SolarKw > 0))
        {
            return null;
        }

        var series = Series(history, currentHour, h => h.SolarKw);
        var clearness = weatherHours.Any(h => h.CloudCoverPct is not null)
            ? Hourly(weatherHours, series.Start, HorizonEnd(currentHour), h => h.HourStartUtc, h => h.CloudCoverPct is { } pct ? SkyClearness.FromCloudCover(pct / 100) : double.NaN)
            : null;
        return SolarDayAheadForecaster.Forecast(series, zone, HorizonHours, clearness)
            ?? DayAheadForecaster.Forecast(series, null, zone, holidays, currentHour, HorizonHours, floor: 0);
    }

    /// <summary>
    /// When the sky shaped the solar forecast, the net load is forecast as what the homes consume (net load plus solar)
    /// less that forecast: a net-load model alone cannot know tomorrow is overcast, and under-forecasts a cloudy
    /// afternoon's load by all the solar it expects.
    /// </summary>
    private static SeriesForecast NetOfSolar(List<ProgramHour> history, RegularSeries? temperature, TimeZoneInfo zone, HolidayCalendar holidays, DateTimeOffset currentHour, SeriesForecast solar)
    {
        var consumed = DayAheadForecaster.Forecast(Series(history, currentHour, h => h.UndispatchedNetKw + h.SolarKw), temperature, zone, holidays, currentHour, HorizonHours);
        return consumed.Less(solar, $"{consumed.Model} on consumption (net load plus solar), less the solar forecast,");
    }

    private static DateTimeOffset HorizonEnd(DateTimeOffset currentHour) => currentHour + (Hour * HorizonHours);

    /// <summary>Hourly values from the first stored hour to the current hour; hours without snapshots are gaps (NaN).</summary>
    private static RegularSeries Series(List<ProgramHour> history, DateTimeOffset end, Func<ProgramHour, double> value) =>
        Hourly(history, history[0].HourStartUtc, end, h => h.HourStartUtc, value);

    /// <summary>The hours in [<paramref name="start"/>, <paramref name="end"/>) as a series; hours without an item are gaps (NaN).</summary>
    private static RegularSeries Hourly<T>(IEnumerable<T> items, DateTimeOffset start, DateTimeOffset end, Func<T, DateTimeOffset> hourStart, Func<T, double> value)
    {
        var values = new double[(int)((end - start) / Hour)];
        Array.Fill(values, double.NaN);
        foreach (var item in items)
        {
            values[(int)((hourStart(item) - start) / Hour)] = value(item);
        }

        return new RegularSeries(start, Hour, values);
    }

    private static QuantileForecast Quantiles(ProbabilisticForecast p) => new(Math.Round(p.P10, 3), Math.Round(p.P50, 3), Math.Round(p.P90, 3));
}
