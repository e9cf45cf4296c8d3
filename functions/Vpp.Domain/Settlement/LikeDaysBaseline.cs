using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Settlement;

/// <summary>
/// The 10-in-10 baseline with a day-of adjustment, as CAISO's and most US utilities' demand response programs settle:
/// for each interval of the event, the average of what the device drew at the same local time on the
/// <see cref="LikeDayCount"/> most recent like days (weekdays for a weekday event, weekend days and holidays for the
/// others), leaving out holidays on weekdays, excluded days (other event days, days the device was opted out) and days
/// with any interval missing, looking back at most <see cref="LookbackDays"/> days; then multiplied by the day-of ratio
/// (<see cref="DayOfAdjustment"/>). Local time is wall-clock time, so the like days' 17:00 is 17:00 across a clock
/// change. With fewer than <see cref="MinimumLikeDays"/> like days the history is insufficient and there is no
/// estimate: the caller falls back to another method and says so.
/// </summary>
public static class LikeDaysBaseline
{
    public const string Method = "10-in-10 with day-of adjustment";
    public const int LikeDayCount = 10;
    public const int MinimumLikeDays = 5;
    public const int LookbackDays = 45;

    /// <param name="history">The device's metered energy per interval, the event day's included (for the adjustment).</param>
    /// <param name="startUtc">The event's start, on the history's interval grid.</param>
    /// <param name="intervals">The event's intervals of <paramref name="interval"/> each.</param>
    /// <param name="excludedDays">Local dates that are not like days whatever their kind: event days, days opted out.</param>
    /// <param name="insufficient">Why there is no estimate, when there is none.</param>
    public static BaselineEstimate? Estimate(IReadOnlyDictionary<DateTimeOffset, double> history, DateTimeOffset startUtc, int intervals, TimeSpan interval,
        TimeZoneInfo zone, IReadOnlySet<DateOnly> excludedDays, DayOfAdjustment adjustment, out string? insufficient)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(excludedDays);
        ArgumentNullException.ThrowIfNull(adjustment);
        var startLocal = TimeZoneInfo.ConvertTime(startUtc, zone);
        var eventDay = DateOnly.FromDateTime(startLocal.DateTime);
        var weekdayEvent = IsWeekday(eventDay);
        var adjusted = Enumerable.Range(0, (int)Math.Max(0, (adjustment.Until - adjustment.From) / interval)).Select(k => adjustment.From + (interval * k)).ToArray();
        var inEvent = Enumerable.Range(0, intervals).Select(k => interval * k).ToArray();

        var likeDays = new List<(DateOnly Day, double[] EventKwh, double[] WindowKwh)>();
        for (var back = 1; back <= LookbackDays && likeDays.Count < LikeDayCount; back++)
        {
            var day = eventDay.AddDays(-back);
            if (IsWeekday(day) != weekdayEvent || excludedDays.Contains(day)
                || !TryRead(history, day, startLocal, inEvent, zone, out var eventKwh) || !TryRead(history, day, startLocal, adjusted, zone, out var windowKwh))
            {
                continue;
            }

            likeDays.Add((day, eventKwh, windowKwh));
        }

        if (likeDays.Count < MinimumLikeDays)
        {
            insufficient = $"{likeDays.Count} like days with complete readings in the {LookbackDays} days before {eventDay:yyyy-MM-dd}; {MinimumLikeDays} needed";
            return null;
        }

        var average = inEvent.Select((_, i) => likeDays.Average(d => d.EventKwh[i])).ToArray();
        double? measured = null;
        var applied = 1.0;
        if (adjusted.Length > 0 && TryRead(history, eventDay, startLocal, adjusted, zone, out var actualWindow))
        {
            var baselineWindow = adjusted.Select((_, i) => likeDays.Average(d => d.WindowKwh[i])).Sum();
            measured = baselineWindow > 0 ? actualWindow.Sum() / baselineWindow : null;
            applied = adjustment.Applied(actualWindow.Sum(), baselineWindow);
        }

        insufficient = null;
        var note = measured is { } ratio && Math.Abs(ratio - applied) > 1e-12 ? $"day-of ratio {ratio:0.000} held to {applied:0.000}" : null;
        return new BaselineEstimate(Method, [.. average.Select(kwh => kwh * applied)], [.. likeDays.Select(d => d.Day)], measured, applied, note);
    }

    /// <summary>Weekdays are like weekdays; weekend days and holidays are like each other.</summary>
    private static bool IsWeekday(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.IsHoliday(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// The energy on <paramref name="day"/> at the local times <paramref name="offsets"/> from the event's local start;
    /// false when any is missing or falls in a clock change's skipped hour.
    /// </summary>
    private static bool TryRead(IReadOnlyDictionary<DateTimeOffset, double> history, DateOnly day, DateTimeOffset startLocal, TimeSpan[] offsets, TimeZoneInfo zone, out double[] kwh)
    {
        kwh = new double[offsets.Length];
        var wallStart = day.ToDateTime(TimeOnly.FromDateTime(startLocal.DateTime));
        for (var i = 0; i < offsets.Length; i++)
        {
            var wall = wallStart + offsets[i];
            if (zone.IsInvalidTime(wall) || !history.TryGetValue(new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime(), out kwh[i]) || !double.IsFinite(kwh[i]))
            {
                return false;
            }
        }

        return true;
    }
}
