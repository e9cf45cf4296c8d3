using Vpp.Domain.Calendar;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// Forecasts a series (a program's load, a device type's flexibility) from its history, with the best model that
/// history supports: once there are three weeks (two to fit, one or more to score members and calibrate intervals on
/// out-of-sample errors), the ensemble of the GEFCom regression and similar-day members, chosen per hour by recent
/// accuracy (<see cref="RollingLoadModel"/>); from one day, an hour-of-day profile (median of the last week at each
/// local hour); before that, persistence of the last value. Lags that fall inside the horizon use the forecast itself
/// (a recursive forecast), never a value the forecaster cannot know.
/// </summary>
public static class DayAheadForecaster
{
    public const string EnsembleModel = "load-ensemble/4";
    public const string ProfileModel = "hour-of-day-profile/2";
    public const string PersistenceModel = "persistence/2";
    private const int RegressionDays = 21;
    private const int MaxCalibrationDays = 28;

    /// <summary>
    /// Forecasts <paramref name="intervals"/> intervals of the history's resolution from <paramref name="from"/>, at or
    /// after the history's end.
    /// <paramref name="floor"/> bounds every quantile from below (0 for quantities that cannot be negative).
    /// </summary>
    public static SeriesForecast Forecast(RegularSeries history, RegularSeries? temperature, TimeZoneInfo zone, HolidayCalendar holidays, DateTimeOffset from, int intervals, double? floor = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervals);
        if (from < history.TimeAt(history.Count))
        {
            throw new ArgumentException($"A forecast starts where the history ends ({history.TimeAt(history.Count):O}) or later.", nameof(from));
        }

        var lastObserved = Array.FindLastIndex(history.Values, double.IsFinite);
        if (lastObserved < 0)
        {
            return new SeriesForecast("none (no history)", []);
        }

        var observed = history.Values.Count(double.IsFinite);
        var perDay = (int)Math.Round(TimeSpan.FromDays(1) / history.Resolution);
        var (model, points) = observed >= RegressionDays * perDay
            ? Ensemble(history, temperature, zone, holidays, from, intervals, perDay, observed)
            : observed >= perDay
                ? Profile(history, zone, from, intervals, perDay)
                : Persistence(history, lastObserved, from, intervals);
        var bounded = floor is { } f
            ? points.Select(p => p with { P10 = Math.Max(f, p.P10), P50 = Math.Max(f, p.P50), P90 = Math.Max(f, p.P90) }).ToList()
            : points;
        return new SeriesForecast(model, bounded, FollowsWeather: temperature is not null && observed >= RegressionDays * perDay);
    }

    private static (string, List<ProbabilisticForecast>) Ensemble(
        RegularSeries history, RegularSeries? temperature, TimeZoneInfo zone, HolidayCalendar holidays, DateTimeOffset from, int intervals, int perDay, int observed)
    {
        var calibrationDays = Math.Min(MaxCalibrationDays, (observed / perDay) - 14);
        var extended = Extend(history, from + (history.Resolution * intervals));

        // Calibrate on the last days that were observed: an outage at the end of the history must not leave it empty.
        var calibrationFrom = StartOfLastObserved(history, calibrationDays * perDay);
        var calibrationStart = LocalDays.StartUtc(TimeZoneInfo.ConvertTime(history.TimeAt(calibrationFrom), zone).Date, zone);
        var model = new RollingLoadModel(extended, temperature, zone, holidays, calibrationStart);
        for (var i = Math.Max(0, extended.IndexOf(calibrationStart)); i < history.Count; i += perDay)
        {
            model.Refit();
            model.Absorb(i, Math.Min(i + perDay, history.Count));
        }

        model.Refit();
        var points = new List<ProbabilisticForecast>(intervals);
        var chosen = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = history.Count; i < extended.Count; i++)
        {
            var forecast = model.Forecast(extended.TimeAt(i), out var member);
            extended.Values[i] = forecast.P50;
            if (extended.TimeAt(i) >= from)
            {
                points.Add(forecast);
                chosen[member] = chosen.GetValueOrDefault(member) + 1;
            }
        }

        var members = string.Join(", ", chosen.Select(c => $"{c.Key} {c.Value}"));
        return ($"{EnsembleModel} ({model.TrainingRows} intervals; members chosen: {members}; intervals from {calibrationDays} days of out-of-sample errors)", points);
    }

    /// <summary>
    /// The median of the last week at each local hour. Its interval comes from the errors that median would have made
    /// on each day from the second on (out of sample, day ahead, as it is used); after a single day there are none,
    /// and the interval-to-interval changes stand in.
    /// </summary>
    private static (string, List<ProbabilisticForecast>) Profile(RegularSeries history, TimeZoneInfo zone, DateTimeOffset from, int intervals, int perDay)
    {
        int HourOf(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).Hour;
        var recentFrom = Math.Max(0, history.Count - (7 * perDay));
        var byHour = new Dictionary<int, List<double>>();
        var errors = new ResidualQuantiles();
        for (var i = recentFrom; i < history.Count; i++)
        {
            var value = history.Values[i];
            if (!double.IsFinite(value))
            {
                continue;
            }

            var hour = HourOf(history.TimeAt(i));
            if (byHour.TryGetValue(hour, out var earlier))
            {
                errors.Add(hour, value - Quantiles.Of([.. earlier.Order()], 0.5));
            }
            else
            {
                byHour[hour] = earlier = [];
            }

            earlier.Add(value);
        }

        var medians = byHour.ToDictionary(h => h.Key, h => Quantiles.Of([.. h.Value.Order()], 0.5));
        var overall = Quantiles.Of([.. byHour.Values.SelectMany(v => v).Order()], 0.5);
        var (stepLow, stepHigh) = ChangeSpread(history, recentFrom, history.Count);
        var points = Enumerable.Range(0, intervals).Select(k =>
        {
            var instant = from + (history.Resolution * k);
            var hour = HourOf(instant);
            var center = medians.GetValueOrDefault(hour, overall);
            var (low, median, high) = errors.Offsets(hour);
            return double.IsFinite(low)
                ? new ProbabilisticForecast(instant, center + Math.Min(low, median), center + median, center + Math.Max(high, median))
                : new ProbabilisticForecast(instant, center + stepLow, center, center + stepHigh);
        }).ToList();
        var source = double.IsFinite(errors.Offsets(0).Low) ? $"intervals from {errors.Count} day-ahead errors" : "intervals from interval-to-interval changes";
        return ($"{ProfileModel} ({byHour.Values.Sum(v => v.Count)} intervals, {source})", points);
    }

    /// <summary>
    /// The last value held; its interval spans where the series has been relative to that value (the horizon is long
    /// next to a history under a day, so the past spread is the best guide).
    /// </summary>
    private static (string, List<ProbabilisticForecast>) Persistence(RegularSeries history, int lastObserved, DateTimeOffset from, int intervals)
    {
        var last = history.Values[lastObserved];
        var offsets = history.Values.Take(lastObserved).Where(double.IsFinite).Select(v => v - last).Order().ToList();
        var (low, high) = offsets.Count == 0
            ? (0.0, 0.0)
            : (Math.Min(0, Quantiles.Of(offsets, 0.1)), Math.Max(0, Quantiles.Of(offsets, 0.9)));
        var points = Enumerable.Range(0, intervals)
            .Select(k => new ProbabilisticForecast(from + (history.Resolution * k), last + low, last, last + high))
            .ToList();
        return ($"{PersistenceModel} ({lastObserved + 1} intervals, under a day of history; intervals from the spread of the values seen)", points);
    }

    /// <summary>The 10 % and 90 % quantiles of the changes between consecutive observed intervals, spanning zero.</summary>
    private static (double Low, double High) ChangeSpread(RegularSeries history, int fromIndex, int toIndex)
    {
        var changes = Enumerable.Range(fromIndex + 1, Math.Max(0, toIndex - fromIndex - 1))
            .Select(i => history.Values[i] - history.Values[i - 1])
            .Where(double.IsFinite)
            .Order()
            .ToList();
        return changes.Count == 0 ? (0, 0) : (Math.Min(0, Quantiles.Of(changes, 0.1)), Math.Max(0, Quantiles.Of(changes, 0.9)));
    }

    /// <summary>The index from which the history's last <paramref name="count"/> observed values run.</summary>
    private static int StartOfLastObserved(RegularSeries history, int count)
    {
        var seen = 0;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (double.IsFinite(history.Values[i]) && ++seen == count)
            {
                return i;
            }
        }

        return 0;
    }

    private static RegularSeries Extend(RegularSeries history, DateTimeOffset end)
    {
        var count = (int)Math.Ceiling((end - history.Start) / history.Resolution);
        var values = new double[count];
        Array.Fill(values, double.NaN);
        history.Values.CopyTo(values, 0);
        return new RegularSeries(history.Start, history.Resolution, values);
    }
}
