using System.Globalization;
using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;
using Vpp.TestSupport.Forecasting;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Infrastructure.Tests;

public sealed class ForecastingTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static TimeSeriesPoint P(string time, double value) => new(DateTimeOffset.Parse(time, CultureInfo.InvariantCulture), value);

    [Fact]
    public void Csv_reading_handles_gzip_a_leading_index_column_and_timestamps_without_offset()
    {
        var temperatures = CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/uk-tempC-sample-1_2.csv.gz"), TimeZoneInfo.Utc);
        var load = CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/il-electricity-cdd-hdd-hourly.csv.gz"), TimeZoneInfo.Utc);
        var parsed = CsvTimeSeries.Parse(new StringReader("t,v\n2026-03-29 01:30:00,1.5\n2026-03-29T02:00:00Z,\n"), London);

        Assert.Equal(new DateTimeOffset(2012, 10, 12, 0, 0, 0, TimeSpan.Zero), temperatures[0].Time);
        Assert.Equal(13.9149475, temperatures[0].Value, 6);
        Assert.Equal(TimeSpan.FromHours(-6), load[0].Time.Offset);
        Assert.Equal(TimeSpan.Zero, parsed[0].Time.Offset); // 01:30 London on the spring-forward day is still GMT
        Assert.True(double.IsNaN(parsed[1].Value));
        Assert.Throws<FormatException>(() => CsvTimeSeries.Parse(new StringReader("t,v\nnot-a-date,1\n"), London));
    }

    [Fact]
    public void Regularizing_counts_and_handles_duplicates_gaps_non_finite_values_and_stuck_sensors()
    {
        var points = new List<TimeSeriesPoint>
        {
            P("2026-10-25T00:00:00+01:00", 0.4), P("2026-10-25T00:30:00+01:00", 0.6), // one hour from two half hours
            P("2026-10-25T00:30:00+01:00", 0.6), // the same instant again (a replayed export)
            P("2026-10-25T01:00:00+01:00", 0.5), P("2026-10-25T01:30:00+01:00", double.NaN), // half covered: a gap
            P("2026-10-25T01:00:00+00:00", 0.2), P("2026-10-25T01:30:00+00:00", 0.3), // 01:00 again, after the clocks go back
        };
        for (var h = 0; h < 30; h++)
        {
            points.Add(P($"2026-10-25T{2 + (h / 2):00}:{(h % 2) * 30:00}:00+00:00", 0.75)); // a meter stuck at one value
        }

        var (series, report) = SeriesRegularizer.Regularize(points, TimeSpan.FromHours(1), Aggregation.Sum, stuckRunLimit: 12);

        Assert.Equal(1, report.DuplicateInstants);
        Assert.Equal(1, report.NonFiniteValues);
        Assert.Equal(1.0, series.Values[0], 9);
        Assert.True(double.IsNaN(series.Values[1])); // 00:00Z hour only half covered
        Assert.Equal(0.5, series.Values[2], 9); // the repeated local hour is its own UTC hour
        Assert.Equal(15, report.StuckValues);
        Assert.True(series.Values.Skip(3).All(double.IsNaN));
    }

    [Fact]
    public void Stale_inverter_readings_labelled_in_a_real_series_are_masked_as_gaps_and_the_clean_series_loses_nothing()
    {
        var quarter = TimeSpan.FromMinutes(15);
        var path = SharedData.PathOf("pvdaq-pv-telemetry/ac_power_inv_2173_stale_data.csv");
        var stale = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Where(c => c[2] == "True").Select(c => DateTimeOffset.Parse(c[0], CultureInfo.InvariantCulture)).ToHashSet();

        var (series, report) = SeriesRegularizer.Regularize(CsvTimeSeries.Read(path, TimeZoneInfo.Utc), quarter, Aggregation.Mean, stuckRunLimit: 8);
        var (_, clean) = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("pvdaq-pv-telemetry/ac_power_inv_2173.csv"), TimeZoneInfo.Utc), quarter, Aggregation.Mean, stuckRunLimit: 8);
        var masked = Enumerable.Range(0, series.Count).Where(i => double.IsNaN(series.Values[i])).Select(series.TimeAt).ToHashSet();

        Assert.Equal(245, stale.Count); // three runs of 60, 100 and 85 quarter hours, by the file's own labels
        Assert.Equal(245, report.StuckValues);
        Assert.Subset(masked, stale);
        Assert.Equal(0, clean.StuckValues);
    }

    [Fact]
    public void Real_half_hourly_history_with_duplicates_and_gaps_regularizes_to_hours()
    {
        var (series, report) = SeriesRegularizer.Regularize(
            CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/uk-electricity-hdd-only-hourly-sample-1.csv.gz"), TimeZoneInfo.Utc), TimeSpan.FromHours(1), Aggregation.Sum);

        Assert.Equal(15, report.DuplicateInstants);
        Assert.Equal(30, report.MissingIntervals);
        Assert.Equal(report.Intervals, series.Count);
        Assert.InRange(series.Values.Where(double.IsFinite).Average(), 0.1, 2.0); // kWh per hour for a home
    }

    [Fact]
    public void Least_squares_recovers_known_coefficients()
    {
        var equations = new NormalEquations(3);
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            double[] row = [1, random.NextDouble() * 10, random.NextDouble() * 5];
            equations.Add(row, 2 + (0.5 * row[1]) - (1.5 * row[2]));
        }

        var beta = equations.Solve();

        Assert.Equal(2, beta[0], 4);
        Assert.Equal(0.5, beta[1], 4);
        Assert.Equal(-1.5, beta[2], 4);
    }

    [Theory]
    [InlineData("uk-electricity-hdd-only-hourly-sample-0.csv.gz", "uk-tempC-sample-0.csv.gz")]
    [InlineData("uk-electricity-hdd-only-hourly-sample-1.csv.gz", "uk-tempC-sample-1_2.csv.gz")]
    [InlineData("uk-electricity-hdd-only-hourly-sample-2.csv.gz", "uk-tempC-sample-1_2.csv.gz")] // ten-day meter gaps in its last month
    [InlineData("il-electricity-cdd-hdd-hourly.csv.gz", "il-tempF.csv.gz")]
    [InlineData("il-electricity-cdd-only-hourly.csv.gz", "il-tempF.csv.gz")] // winter test window: noise around a base load
    [InlineData("uk-gas-hdd-only-hourly-sample-0.csv.gz", "uk-tempC-sample-0.csv.gz")] // lumpy: a boiler firing or not
    [InlineData("il-gas-hdd-only-hourly.csv.gz", "il-tempF.csv.gz")] // many hours at the meter's resolution
    [InlineData("il-gas-intercept-only-hourly.csv.gz", "il-tempF.csv.gz")]
    public void Day_ahead_forecasts_beat_seasonal_naive_with_calibrated_intervals_on_real_data(string loadFile, string temperatureFile)
    {
        var zone = loadFile.StartsWith("il", StringComparison.Ordinal) ? TimeZoneInfo.CreateCustomTimeZone("cst", TimeSpan.FromHours(-6), "cst", "cst") : TimeZoneInfo.Utc;
        var (load, _) = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/" + loadFile), zone), TimeSpan.FromHours(1), Aggregation.Sum);
        var (temperature, _) = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/" + temperatureFile), zone), TimeSpan.FromHours(1), Aggregation.Mean, int.MaxValue);

        var holidays = loadFile.StartsWith("il", StringComparison.Ordinal) ? HolidayCalendar.UsNerc : HolidayCalendar.EnglandAndWales;
        var result = DayAheadBacktest.Run(load, temperature, zone, holidays, testDays: 28);

        Assert.InRange(result.Points, 600, 700);
        Assert.True(result.Mase <= 0.80, $"MASE {result.Mase:0.000} against seasonal naive");
        Assert.InRange(result.Coverage80, 0.75, 0.85);
        Assert.True(result.Mape < result.NaiveMape, $"MAPE {result.Mape:0.0} vs naive {result.NaiveMape:0.0}");
    }

    [Theory]
    [InlineData("2016-04-10T00:00:00Z", 28 * 24 - 1)] // the test days hold 27 March, 23 hours long in Berlin
    [InlineData("2016-11-26T23:00:00Z", 28 * 24 + 1)] // 29 October to 25 November: 30 October is 25 hours long
    public void A_real_home_metered_in_local_time_is_forecast_and_scored_hour_by_hour_across_the_clock_change(string end, int hours)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var endUtc = DateTimeOffset.Parse(end, CultureInfo.InvariantCulture);
        var grid = Residential4Meters.HourlyEnergy("DE_KN_residential4_grid_import").Where(p => p.Time < endUtc);
        var (load, report) = SeriesRegularizer.Regularize(grid, TimeSpan.FromHours(1), Aggregation.Sum);

        var result = DayAheadBacktest.Run(load, null, berlin, HolidayCalendar.None, testDays: 28);

        Assert.Equal(0, report.DuplicateInstants); // the repeated local hour is two UTC hours, not a duplicate
        Assert.Equal(hours, result.Points);
        Assert.True(result.Mase < 1, $"MASE {result.Mase:0.000} against seasonal naive");
        Assert.InRange(result.Coverage80, 0.7, 0.9);
    }

    [Fact]
    public void A_meter_that_thins_out_to_two_days_a_month_is_scored_on_full_days_where_its_history_is_still_dense()
    {
        var (load, report) = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/uk-electricity-hdd-only-hourly-sample-2.csv.gz"), TimeZoneInfo.Utc), TimeSpan.FromHours(1), Aggregation.Sum);

        var result = DayAheadBacktest.Run(load, null, TimeZoneInfo.Utc, HolidayCalendar.EnglandAndWales, testDays: 28);

        Assert.True(report.MissingIntervals > 7000, $"{report.MissingIntervals} missing hours");
        Assert.Equal(28 * 24, result.Points); // ten-day gaps in January and February 2014: the test period reaches back past them
        Assert.True(result.Mase < 1, $"MASE {result.Mase:0.000}");
    }
}
