using Vpp.Domain.Calendar;

namespace Vpp.Domain.Settlement;

/// <summary>
/// The days a like-days baseline averages: the most recent days of the event day's kind (weekdays for a weekday event,
/// weekend days and the program's holidays for the others), leaving out excluded days (other event days, days the device was opted
/// out) and days with any reading missing, looking back at most <see cref="LookbackDays"/> days. Times are read by the
/// local wall clock, so the like days' 17:00 is 17:00 across a clock change; a day whose wall-clock time was skipped by
/// one is not a like day.
/// </summary>
public static class LikeDays
{
    public const int LookbackDays = 45;

    /// <param name="history">The device's metered energy per interval, keyed by the interval's start.</param>
    /// <param name="startUtc">The event's start.</param>
    /// <param name="eventOffsets">The event's intervals, as offsets from its start.</param>
    /// <param name="windowOffsets">The adjustment window's intervals, as offsets from the event's start.</param>
    public static List<LikeDay> Latest(IReadOnlyDictionary<DateTimeOffset, double> history, DateTimeOffset startUtc, TimeZoneInfo zone, HolidayCalendar holidays,
        IReadOnlyList<TimeSpan> eventOffsets, IReadOnlyList<TimeSpan> windowOffsets, int count, IReadOnlySet<DateOnly> excludedDays)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(excludedDays);
        ArgumentNullException.ThrowIfNull(holidays);
        var eventDay = DayOf(startUtc, zone);
        var weekdayEvent = holidays.IsWorkingDay(eventDay);
        var found = new List<LikeDay>();
        for (var back = 1; back <= LookbackDays && found.Count < count; back++)
        {
            var day = eventDay.AddDays(-back);
            if (holidays.IsWorkingDay(day) == weekdayEvent && !excludedDays.Contains(day)
                && TryRead(history, day, startUtc, eventOffsets, zone, out var eventKwh) && TryRead(history, day, startUtc, windowOffsets, zone, out var windowKwh))
            {
                found.Add(new LikeDay(day, eventKwh, windowKwh));
            }
        }

        return found;
    }

    /// <summary>
    /// Up to <paramref name="count"/> like days for the event's <paramref name="intervals"/> and <paramref name="windowOffsets"/>,
    /// with the event day's draw over that window; none, and why, when fewer than <paramref name="needed"/> are found.
    /// </summary>
    public static LikeDaySample? Sample(IReadOnlyDictionary<DateTimeOffset, double> history, DateTimeOffset startUtc, int intervals, TimeSpan interval, TimeZoneInfo zone,
        HolidayCalendar holidays, IReadOnlySet<DateOnly> excludedDays, TimeSpan[] windowOffsets, int count, int needed, out string? insufficient)
    {
        ArgumentNullException.ThrowIfNull(windowOffsets);
        var days = Latest(history, startUtc, zone, holidays, Offsets(TimeSpan.Zero, intervals, interval), windowOffsets, count, excludedDays);
        if (days.Count < needed)
        {
            insufficient = TooFew(days.Count, needed, startUtc, zone);
            return null;
        }

        insufficient = null;
        var dayOf = windowOffsets.Length > 0 && TryRead(history, DayOf(startUtc, zone), startUtc, windowOffsets, zone, out var actualWindow) ? actualWindow : null;
        return new LikeDaySample(days, dayOf);
    }

    /// <summary>Why a like-days baseline has no estimate: <paramref name="found"/> like days where it needs <paramref name="needed"/>.</summary>
    public static string TooFew(int found, int needed, DateTimeOffset startUtc, TimeZoneInfo zone) =>
        $"{found} like days with complete readings in the {LookbackDays} days before {DayOf(startUtc, zone):yyyy-MM-dd}; {needed} needed";

    /// <summary>The event's local date.</summary>
    public static DateOnly DayOf(DateTimeOffset startUtc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(startUtc, zone).DateTime);

    /// <summary>Offsets of <paramref name="count"/> intervals from <paramref name="from"/>.</summary>
    public static TimeSpan[] Offsets(TimeSpan from, int count, TimeSpan interval) => [.. Enumerable.Range(0, Math.Max(0, count)).Select(k => from + (interval * k))];

    /// <summary>
    /// The energy on <paramref name="day"/> at the wall-clock times of the event's local start plus <paramref name="offsets"/>;
    /// false when any is missing or falls in a clock change's skipped hour.
    /// </summary>
    public static bool TryRead(IReadOnlyDictionary<DateTimeOffset, double> history, DateOnly day, DateTimeOffset startUtc, IReadOnlyList<TimeSpan> offsets, TimeZoneInfo zone, out double[] kwh)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(zone);
        kwh = new double[offsets.Count];
        var wallStart = day.ToDateTime(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(startUtc, zone).DateTime));
        for (var i = 0; i < offsets.Count; i++)
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
