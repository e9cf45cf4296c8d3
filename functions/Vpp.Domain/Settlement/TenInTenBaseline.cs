using Vpp.Domain.Calendar;

namespace Vpp.Domain.Settlement;

/// <summary>
/// The 10-in-10 baseline with a day-of adjustment, as CAISO's and most US utilities' demand response programs settle:
/// for each interval of the event, the average of what the device drew at the same local time on the
/// <see cref="LikeDayCount"/> most recent like days (<see cref="LikeDays"/>), multiplied by the day-of ratio
/// (<see cref="DayOfAdjustment"/>). With fewer than <see cref="MinimumLikeDays"/> like days the history is insufficient
/// and there is no estimate: the caller falls back to another method and says so.
/// </summary>
public static class TenInTenBaseline
{
    public const string Method = "10-in-10 with day-of adjustment";
    public const int LikeDayCount = 10;
    public const int MinimumLikeDays = 5;

    /// <param name="history">The device's metered energy per interval, the event day's included (for the adjustment).</param>
    /// <param name="startUtc">The event's start, on the history's interval grid.</param>
    /// <param name="intervals">The event's intervals of <paramref name="interval"/> each.</param>
    /// <param name="excludedDays">Local dates that are not like days whatever their kind: event days, days opted out.</param>
    /// <param name="insufficient">Why there is no estimate, when there is none.</param>
    public static BaselineEstimate? Estimate(IReadOnlyDictionary<DateTimeOffset, double> history, DateTimeOffset startUtc, int intervals, TimeSpan interval,
        TimeZoneInfo zone, HolidayCalendar holidays, IReadOnlySet<DateOnly> excludedDays, DayOfAdjustment adjustment, out string? insufficient)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        var window = adjustment.Offsets(interval);
        if (LikeDays.Sample(history, startUtc, intervals, interval, zone, holidays, excludedDays, window, LikeDayCount, MinimumLikeDays, out insufficient) is not { } sample)
        {
            return null;
        }

        var likeDays = sample.Days;
        var average = Enumerable.Range(0, intervals).Select(i => likeDays.Average(d => d.EventKwh[i])).ToArray();
        double? measured = null;
        var applied = 1.0;
        if (sample.DayOfWindowKwh is { } actualWindow)
        {
            var baselineWindow = Enumerable.Range(0, window.Length).Sum(i => likeDays.Average(d => d.WindowKwh[i]));
            measured = baselineWindow > 0 ? actualWindow.Sum() / baselineWindow : null;
            applied = adjustment.Applied(actualWindow.Sum(), baselineWindow);
        }

        var note = measured is { } ratio && Math.Abs(ratio - applied) > 1e-12 ? $"day-of ratio {ratio:0.000} held to {applied:0.000}" : null;
        return new BaselineEstimate(Method, [.. average.Select(kwh => kwh * applied)], [.. likeDays.Select(d => d.Day)], measured, applied, note);
    }
}
