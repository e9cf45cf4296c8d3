using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;

namespace Vpp.TestSupport.Forecasting;

/// <summary>
/// Rolling-origin day-ahead backtest. Every local day of the test period is forecast at its local midnight from a model
/// fitted on everything before it; errors on the calibration days before the test period (and then on every test day
/// once its actuals are in) feed the prediction intervals. The test period is the last <c>testDays</c> days that can be
/// scored (mostly observed, and so was the same day a week earlier): a meter gap does not shrink the sample.
/// Temperature, when given, is used as observed (an ex-post weather forecast).
/// </summary>
public static class DayAheadBacktest
{
    public static BacktestResult Run(RegularSeries load, RegularSeries? temperature, TimeZoneInfo zone, HolidayCalendar holidays, int testDays, int calibrationDays = 28)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(testDays, 1);

        // The test period ends where both histories still have data, and where the load is still dense: a meter that
        // reports two days a month at the end of its file cannot be scored day-ahead against a week earlier.
        var lastInstant = LastDenseInstant(load);
        if (temperature is { Count: > 0 } && temperature.TimeAt(temperature.Count - 1) < lastInstant)
        {
            lastInstant = temperature.TimeAt(temperature.Count - 1);
        }

        var lastLocalDay = TimeZoneInfo.ConvertTime(lastInstant, zone).Date;
        var testPeriod = ScorableDays(load, zone, lastLocalDay, testDays);
        var firstTestDay = testPeriod.Min;
        var firstCalibrationDay = firstTestDay.AddDays(-calibrationDays);
        if (load.IndexOf(LocalDays.StartUtc(firstCalibrationDay, zone)) < 24 * 14)
        {
            throw new ArgumentException($"Need at least two weeks of history before the {calibrationDays} calibration and {testDays} test days.");
        }

        var model = new RollingLoadModel(load, temperature, zone, holidays, LocalDays.StartUtc(firstCalibrationDay, zone));
        var scored = new List<(double Actual, ProbabilisticForecast Forecast, double Naive, double Persistence)>();
        for (var day = firstCalibrationDay; day < lastLocalDay; day = day.AddDays(1))
        {
            model.Refit();
            var from = load.IndexOf(LocalDays.StartUtc(day, zone));
            var to = load.IndexOf(LocalDays.StartUtc(day.AddDays(1), zone));
            if (from < 0 || to < 0)
            {
                continue;
            }

            for (var i = from; i < to && testPeriod.Contains(day); i++)
            {
                var instant = load.TimeAt(i);
                var actual = load.Values[i];
                var forecast = model.Forecast(instant);
                if (double.IsFinite(actual) && double.IsFinite(forecast.P50))
                {
                    // Meters measure consumption: no quantile below zero.
                    forecast = forecast with { P10 = Math.Max(0, forecast.P10), P50 = Math.Max(0, forecast.P50) };
                    scored.Add((actual, forecast, load.ValueAt(instant.AddDays(-7)), load.ValueAt(instant.AddDays(-1))));
                }
            }

            model.Absorb(from, to);
        }

        return Score(scored);
    }

    /// <summary>The last <paramref name="count"/> local days before <paramref name="end"/> at least half observed, each with its day a week earlier.</summary>
    private static SortedSet<DateTime> ScorableDays(RegularSeries load, TimeZoneInfo zone, DateTime end, int count)
    {
        var days = new SortedSet<DateTime>();
        var week = (int)(TimeSpan.FromDays(7) / load.Resolution);
        for (var day = end.AddDays(-1); days.Count < count && load.IndexOf(LocalDays.StartUtc(day.AddDays(-7), zone)) >= 0; day = day.AddDays(-1))
        {
            var from = load.IndexOf(LocalDays.StartUtc(day, zone));
            var to = load.IndexOf(LocalDays.StartUtc(day.AddDays(1), zone));
            var observed = Enumerable.Range(from, to - from).Count(i => double.IsFinite(load.Values[i]) && i >= week && double.IsFinite(load.Values[i - week]));
            if (observed * 2 >= to - from)
            {
                days.Add(day);
            }
        }

        return days.Count > 0 ? days : throw new ArgumentException("No day before the end of the history can be scored against the same day a week earlier.");
    }

    /// <summary>The end of the last interval whose preceding week is at least 90 % observed (the series' end when none is).</summary>
    private static DateTimeOffset LastDenseInstant(RegularSeries load)
    {
        var week = (int)(TimeSpan.FromDays(7) / load.Resolution);
        var observed = 0;
        for (var i = 0; i < load.Count; i++)
        {
            observed += double.IsFinite(load.Values[i]) ? 1 : 0;
            observed -= i >= week && double.IsFinite(load.Values[i - week]) ? 1 : 0;
        }

        for (var end = load.Count - 1; end >= week; end--)
        {
            if (observed >= 0.9 * week && double.IsFinite(load.Values[end]))
            {
                return load.TimeAt(end);
            }

            observed -= double.IsFinite(load.Values[end]) ? 1 : 0;
            observed += double.IsFinite(load.Values[end - week]) ? 1 : 0;
        }

        return load.TimeAt(load.Count - 1);
    }

    private static BacktestResult Score(List<(double Actual, ProbabilisticForecast Forecast, double Naive, double Persistence)> scored)
    {
        var usable = scored.Where(s => double.IsFinite(s.Naive) && double.IsFinite(s.Persistence) && double.IsFinite(s.Forecast.P10)).ToList();
        if (usable.Count == 0)
        {
            throw new InvalidOperationException("No test interval had an actual, a forecast and a seasonal-naive value.");
        }

        static double Ape(double actual, double forecast) => Math.Abs(actual - forecast) / Math.Abs(actual);
        var nonZero = usable.Where(s => Math.Abs(s.Actual) > 1e-9).ToList();
        var mae = usable.Average(s => Math.Abs(s.Actual - s.Forecast.P50));
        var naiveMae = usable.Average(s => Math.Abs(s.Actual - s.Naive));
        static double Pinball(double actual, double quantile, double q) => Math.Max(q * (actual - quantile), (q - 1) * (actual - quantile));
        return new BacktestResult(
            usable.Count,
            nonZero.Average(s => Ape(s.Actual, s.Forecast.P50)) * 100,
            mae / usable.Average(s => Math.Abs(s.Actual)),
            mae / naiveMae,
            nonZero.Average(s => Ape(s.Actual, s.Naive)) * 100,
            nonZero.Average(s => Ape(s.Actual, s.Persistence)) * 100,
            usable.Average(s => (Pinball(s.Actual, s.Forecast.P10, 0.1) + Pinball(s.Actual, s.Forecast.P50, 0.5) + Pinball(s.Actual, s.Forecast.P90, 0.9)) / 3),
            usable.Count(s => s.Forecast.Covers(s.Actual)) / (double)usable.Count);
    }
}
