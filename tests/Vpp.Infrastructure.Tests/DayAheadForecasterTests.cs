using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Infrastructure.Tests;

public sealed class DayAheadForecasterTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static RegularSeries UkLoad() =>
        SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/uk-electricity-hdd-only-hourly-sample-1.csv.gz"), TimeZoneInfo.Utc), TimeSpan.FromHours(1), Aggregation.Sum).Series;

    private static RegularSeries UkTemperature() =>
        SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/uk-tempC-sample-1_2.csv.gz"), TimeZoneInfo.Utc), TimeSpan.FromHours(1), Aggregation.Mean, int.MaxValue).Series;

    private static RegularSeries Until(RegularSeries series, DateTimeOffset end) =>
        new(series.Start, series.Resolution, series.Values.Take(series.IndexOf(end)).ToArray());

    [Fact]
    public void Regression_forecasts_of_real_load_and_temperature_beat_seasonal_naive_over_two_weeks_of_origins()
    {
        var load = UkLoad();
        var temperature = UkTemperature();
        var (modelError, naiveError, inside, points) = (0.0, 0.0, 0, 0);
        string? model = null;
        for (var day = 0; day < 14; day++)
        {
            var origin = new DateTimeOffset(2014, 1, 4 + day, 0, 0, 0, TimeSpan.Zero);
            var forecast = DayAheadForecaster.Forecast(Until(load, origin), temperature, London, HolidayCalendar.EnglandAndWales, origin, 24, floor: 0);
            model = forecast.Model;
            Assert.Equal(24, forecast.Points.Count);
            foreach (var p in forecast.Points)
            {
                Assert.True(p.P10 <= p.P50 && p.P50 <= p.P90, $"quantiles out of order at {p.Time:O}");
                var actual = load.ValueAt(p.Time);
                var naive = load.ValueAt(p.Time.AddDays(-7));
                if (double.IsFinite(actual) && double.IsFinite(naive))
                {
                    modelError += Math.Abs(actual - p.P50);
                    naiveError += Math.Abs(actual - naive);
                    inside += p.Covers(actual) ? 1 : 0;
                    points++;
                }
            }
        }

        Assert.StartsWith(DayAheadForecaster.EnsembleModel, model, StringComparison.Ordinal);
        Assert.True(points > 300, $"{points} scored hours");
        Assert.True(modelError < 0.9 * naiveError, $"MAE {modelError / points:0.000} vs seasonal naive {naiveError / points:0.000}");
        Assert.InRange(inside / (double)points, 0.6, 0.95);
    }

    [Theory]
    [InlineData(30, true)] // after a night the storage heater charged
    [InlineData(20, false)] // after two nights it did not
    public void A_storage_heaters_on_and_off_nights_follow_yesterday_while_the_day_follows_the_weeks_median(int originDay, bool heaterWasOn)
    {
        var load = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/uk-electricity-hdd-only-hourly-sample-2.csv.gz"), TimeZoneInfo.Utc), TimeSpan.FromHours(1), Aggregation.Sum).Series;
        var origin = new DateTimeOffset(2014, 1, originDay, 0, 0, 0, TimeSpan.Zero);

        var forecast = DayAheadForecaster.Forecast(Until(load, origin), UkTemperature(), London, HolidayCalendar.EnglandAndWales, origin, 24, floor: 0);

        Assert.StartsWith(DayAheadForecaster.EnsembleModel, forecast.Model, StringComparison.Ordinal);
        Assert.Contains("yesterday", forecast.Model, StringComparison.Ordinal);
        var night = forecast.Points.Take(7).Average(p => p.P50);
        var yesterdayNight = Enumerable.Range(1, 6).Average(h => load.ValueAt(origin.AddHours(h - 24)));
        Assert.Equal(heaterWasOn, yesterdayNight > 2);
        Assert.Equal(heaterWasOn, night > 2);
        Assert.InRange(forecast.Points.Skip(9).Take(8).Average(p => p.P50), 0, 0.6);
    }

    [Fact]
    public void Short_history_falls_back_to_an_hour_of_day_profile_then_to_persistence()
    {
        var load = UkLoad();
        var start = new DateTimeOffset(2013, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var threeDays = new RegularSeries(start, load.Resolution, load.Values.Skip(load.IndexOf(start)).Take(72).ToArray());
        var fiveHours = new RegularSeries(start, load.Resolution, threeDays.Values.Take(5).ToArray());

        var profile = DayAheadForecaster.Forecast(threeDays, null, London, HolidayCalendar.EnglandAndWales, threeDays.TimeAt(72), 24);
        var persistence = DayAheadForecaster.Forecast(fiveHours, null, London, HolidayCalendar.EnglandAndWales, fiveHours.TimeAt(5), 3);

        Assert.StartsWith(DayAheadForecaster.ProfileModel, profile.Model, StringComparison.Ordinal);
        Assert.Equal(24, profile.Points.Count);
        var nightAndEvening = (profile.Points[3].P50, profile.Points[19].P50);
        Assert.True(nightAndEvening.Item1 < nightAndEvening.Item2, $"03:00 {nightAndEvening.Item1:0.000} vs 19:00 {nightAndEvening.Item2:0.000}");
        Assert.StartsWith(DayAheadForecaster.PersistenceModel, persistence.Model, StringComparison.Ordinal);
        Assert.All(persistence.Points, p => Assert.Equal(fiveHours.Values[4], p.P50));
        Assert.All(persistence.Points, p => Assert.True(p.P10 <= p.P50 && p.P50 <= p.P90, $"{p}: {string.Join(' ', fiveHours.Values)}"));
    }

    [Fact]
    public void A_forecast_across_the_autumn_clock_change_has_one_point_per_utc_hour_and_learns_from_gappy_history()
    {
        var load = UkLoad();
        var origin = new DateTimeOffset(2013, 10, 26, 23, 0, 0, TimeSpan.Zero); // London midnight; the 27th has 25 hours
        var history = Until(load, origin);
        var values = history.Values.ToArray();
        for (var i = values.Length - 200; i < values.Length - 150; i++)
        {
            values[i] = double.NaN; // two days lost to a meter outage
        }

        var forecast = DayAheadForecaster.Forecast(new RegularSeries(history.Start, history.Resolution, values), null, London, HolidayCalendar.EnglandAndWales, origin, 25);

        Assert.Equal(25, forecast.Points.Count);
        Assert.Equal(origin.AddHours(24), forecast.Points[^1].Time);
        Assert.All(forecast.Points, p => Assert.True(double.IsFinite(p.P10) && double.IsFinite(p.P90), $"no interval at {p.Time:O}"));
        Assert.Throws<ArgumentException>(() => DayAheadForecaster.Forecast(history, null, London, HolidayCalendar.EnglandAndWales, origin.AddHours(-1), 24));
        Assert.Empty(DayAheadForecaster.Forecast(new RegularSeries(origin, history.Resolution, [double.NaN]), null, London, HolidayCalendar.EnglandAndWales, origin.AddHours(1), 24).Points);
    }

    [Theory]
    [InlineData(12, 0.5)] // hours: persistence
    [InlineData(24, 0.65)] // one day: a profile with nothing yet to score it by
    [InlineData(48, 0.65)]
    [InlineData(96, 0.65)]
    [InlineData(144, 0.65)]
    public void A_young_programs_intervals_have_width_and_cover_most_of_the_next_day(int historyHours, double minimumCoverage)
    {
        var load = UkLoad();
        var (inside, points) = (0, 0);
        for (var day = 0; day < 40; day++)
        {
            var start = new DateTimeOffset(2013, 11, 1, 0, 0, 0, TimeSpan.Zero).AddDays(day);
            var history = new RegularSeries(start, load.Resolution, load.Values.Skip(load.IndexOf(start)).Take(historyHours).ToArray());
            var forecast = DayAheadForecaster.Forecast(history, null, London, HolidayCalendar.EnglandAndWales, history.TimeAt(historyHours), 24, floor: 0);
            foreach (var p in forecast.Points.Where(p => double.IsFinite(load.ValueAt(p.Time))))
            {
                Assert.True(p.P10 < p.P90 || p.P50 == 0, $"{forecast.Model}: no width at {p.Time:O} ({p})");
                inside += p.Covers(load.ValueAt(p.Time)) ? 1 : 0;
                points++;
            }
        }

        Assert.True(points > 500, $"{points} scored hours");
        Assert.InRange(inside / (double)points, minimumCoverage, 0.95);
    }

    [Fact]
    public void A_history_whose_last_week_was_lost_still_gets_intervals()
    {
        var load = UkLoad();
        var origin = new DateTimeOffset(2013, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var values = load.Values.Skip(load.IndexOf(origin.AddDays(-30))).Take(30 * 24).ToArray();
        Array.Fill(values, double.NaN, 22 * 24, 8 * 24); // the stack was down for the last eight days

        var forecast = DayAheadForecaster.Forecast(new RegularSeries(origin.AddDays(-30), load.Resolution, values), null, London, HolidayCalendar.EnglandAndWales, origin, 24);

        Assert.StartsWith(DayAheadForecaster.EnsembleModel, forecast.Model, StringComparison.Ordinal);
        Assert.All(forecast.Points, p => Assert.True(double.IsFinite(p.P10) && double.IsFinite(p.P90) && p.P10 < p.P90, $"{forecast.Model}: no interval at {p.Time:O} ({p})"));
    }
}
