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
    public const string EnsembleModel = "load-ensemble/3";
    public const string ProfileModel = "hour-of-day-profile/1";
    public const string PersistenceModel = "persistence/1";
    private const int RegressionDays = 21;
    private const int MaxCalibrationDays = 28;

    /// <summary>
    /// Forecasts <paramref name="intervals"/> intervals of the history's resolution from <paramref name="from"/>, at or
    /// after the history's end.
    /// <paramref name="floor"/> bounds every quantile from below (0 for quantities that cannot be negative).
    /// </summary>
    public static SeriesForecast Forecast(RegularSeries history, RegularSeries? temperature, TimeZoneInfo zone, DateTimeOffset from, int intervals, double? floor = null)
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
            ? Ensemble(history, temperature, zone, from, intervals, perDay, observed)
            : observed >= perDay
                ? Profile(history, zone, from, intervals, perDay)
                : Persistence(history, lastObserved, from, intervals);
        var bounded = floor is { } f
            ? points.Select(p => p with { P10 = Math.Max(f, p.P10), P50 = Math.Max(f, p.P50), P90 = Math.Max(f, p.P90) }).ToList()
            : points;
        return new SeriesForecast(model, bounded);
    }

    private static (string, List<ProbabilisticForecast>) Ensemble(
        RegularSeries history, RegularSeries? temperature, TimeZoneInfo zone, DateTimeOffset from, int intervals, int perDay, int observed)
    {
        var calibrationDays = Math.Min(MaxCalibrationDays, (observed / perDay) - 14);
        var extended = Extend(history, from + (history.Resolution * intervals));
        var calibrationStart = LocalDays.StartUtc(TimeZoneInfo.ConvertTime(history.TimeAt(history.Count), zone).Date.AddDays(-calibrationDays), zone);
        var model = new RollingLoadModel(extended, temperature, zone, calibrationStart);
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

    private static (string, List<ProbabilisticForecast>) Profile(RegularSeries history, TimeZoneInfo zone, DateTimeOffset from, int intervals, int perDay)
    {
        int HourOf(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).Hour;
        var recent = Enumerable.Range(Math.Max(0, history.Count - (7 * perDay)), Math.Min(history.Count, 7 * perDay))
            .Where(i => double.IsFinite(history.Values[i]))
            .Select(i => (Hour: HourOf(history.TimeAt(i)), Value: history.Values[i]))
            .ToList();
        var overall = Quantiles.Of([.. recent.Select(r => r.Value).Order()], 0.5);
        var byHour = recent.GroupBy(r => r.Hour).ToDictionary(g => g.Key, g => Quantiles.Of([.. g.Select(r => r.Value).Order()], 0.5));
        double Median(int hour) => byHour.TryGetValue(hour, out var m) ? m : overall;
        var errors = new ResidualQuantiles();
        foreach (var (hour, value) in recent)
        {
            errors.Add(hour, value - Median(hour));
        }

        var points = Enumerable.Range(0, intervals).Select(k =>
        {
            var instant = from + (history.Resolution * k);
            var hour = HourOf(instant);
            var (low, median, high) = errors.Offsets(hour);
            var center = Median(hour);
            return double.IsFinite(low) ? new ProbabilisticForecast(instant, center + low, center + median, center + high) : new ProbabilisticForecast(instant, center, center, center);
        }).ToList();
        return ($"{ProfileModel} ({recent.Count} intervals, intervals from in-sample spread)", points);
    }

    private static (string, List<ProbabilisticForecast>) Persistence(RegularSeries history, int lastObserved, DateTimeOffset from, int intervals)
    {
        var last = history.Values[lastObserved];
        var changes = Enumerable.Range(1, lastObserved).Select(i => history.Values[i] - history.Values[i - 1]).Where(double.IsFinite).Order().ToList();
        var (low, high) = changes.Count == 0 ? (0.0, 0.0) : (Math.Min(0, Quantiles.Of(changes, 0.1)), Math.Max(0, Quantiles.Of(changes, 0.9)));
        var points = Enumerable.Range(0, intervals)
            .Select(k => new ProbabilisticForecast(from + (history.Resolution * k), last + low, last, last + high))
            .ToList();
        return ($"{PersistenceModel} ({lastObserved + 1} intervals, under a day of history; intervals from interval-to-interval changes)", points);
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
