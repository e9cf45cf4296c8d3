using Vpp.Domain.Calendar;

namespace Vpp.Domain.Settlement;

/// <summary>
/// The high X of Y baseline (PJM's high 4 of 5 weekdays, 5 of 10 or 3 of 5 weekend days elsewhere): of the Y most
/// recent like days (<see cref="LikeDays"/>), the X whose event hours drew most, averaged interval by interval; then a
/// symmetric additive adjustment: what the device drew above or below that average over the adjustment window, per
/// interval, is added to each of the event's intervals, never taking one below zero. The additive adjustment is not
/// capped (the ratio cap of <see cref="DayOfAdjustment"/> is for the multiplicative one). With fewer than Y like days
/// the history is insufficient and there is no estimate.
/// </summary>
public static class HighXOfYBaseline
{
    public static string MethodOf(int highest, int of) => $"high {highest} of {of} with additive adjustment";

    /// <param name="highest">X: how many of the like days are averaged, those that drew most in the event's hours.</param>
    /// <param name="of">Y: how many like days are looked at.</param>
    /// <param name="window">The adjustment window (its ratio cap does not apply).</param>
    public static BaselineEstimate? Estimate(IReadOnlyDictionary<DateTimeOffset, double> history, DateTimeOffset startUtc, int intervals, TimeSpan interval,
        TimeZoneInfo zone, HolidayCalendar holidays, IReadOnlySet<DateOnly> excludedDays, int highest, int of, DayOfAdjustment window, out string? insufficient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highest, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(of, highest);
        ArgumentNullException.ThrowIfNull(window);
        var windowOffsets = window.Offsets(interval);
        if (LikeDays.Sample(history, startUtc, intervals, interval, zone, holidays, excludedDays, windowOffsets, of, of, out insufficient) is not { } sample)
        {
            return null;
        }

        // Ties in energy go to the more recent day, as the list is most recent first and the sort is stable.
        var chosen = sample.Days.OrderByDescending(d => d.EventTotalKwh).Take(highest).ToList();
        var added = 0.0;
        if (sample.DayOfWindowKwh is { } actualWindow)
        {
            added = Enumerable.Range(0, windowOffsets.Length).Average(i => actualWindow[i] - chosen.Average(d => d.WindowKwh[i]));
        }

        var baseline = Enumerable.Range(0, intervals).Select(i => Math.Max(0, chosen.Average(d => d.EventKwh[i]) + added)).ToArray();
        return new BaselineEstimate(MethodOf(highest, of), baseline, [.. chosen.Select(d => d.Day)], null, 1, null, added);
    }
}
