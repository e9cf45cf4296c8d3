using Vpp.Domain.Calendar;
using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

public sealed class TenInTenBaselineTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static Dictionary<DateTimeOffset, double> Hourly(DateOnly first, DateOnly last, Func<DateOnly, int, double> kwh) => SettlementHistory.Hourly(Pacific, first, last, kwh);

    private static DateTimeOffset LocalUtc(int year, int month, int day, int hour) => SettlementHistory.LocalUtc(Pacific, year, month, day, hour);

    [Fact]
    public void The_like_days_are_the_ten_latest_weekdays_that_are_not_holidays_event_days_or_short_of_readings()
    {
        // Each like day draws its day of the month in kWh every hour, so the average says which days were taken.
        var history = Hourly(new DateOnly(2026, 11, 1), new DateOnly(2027, 1, 6), (day, _) => day.Day);
        history.Remove(LocalUtc(2026, 12, 29, 18));

        var estimate = TenInTenBaseline.Estimate(history, LocalUtc(2027, 1, 6, 17), 2, Hour, Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly> { new(2026, 12, 30) }, DayOfAdjustment.None, out var insufficient);

        // Back from Wednesday 6 January: New Year's Day and Christmas are holidays, 30 December an event day, and the
        // 29th misses its 18:00 reading.
        DateOnly[] expected = [new(2027, 1, 5), new(2027, 1, 4), new(2026, 12, 31), new(2026, 12, 28), new(2026, 12, 24), new(2026, 12, 23), new(2026, 12, 22), new(2026, 12, 21), new(2026, 12, 18), new(2026, 12, 17)];
        Assert.Null(insufficient);
        Assert.Equal(expected, estimate!.LikeDays);
        Assert.All(estimate.IntervalKwh, kwh => Assert.Equal(expected.Average(d => d.Day), kwh, 9));
        Assert.Equal(1, estimate.AppliedRatio);
        Assert.Null(estimate.Note);
    }

    [Fact]
    public void Thanksgiving_is_not_a_like_day_for_a_weekday_event_and_the_friday_after_it_is()
    {
        var history = Hourly(new DateOnly(2026, 10, 15), new DateOnly(2026, 12, 1), (day, _) => day.Day);

        var estimate = TenInTenBaseline.Estimate(history, LocalUtc(2026, 12, 1, 17), 1, Hour, Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.None, out _);

        // Back from Tuesday 1 December: Thursday 26 November is Thanksgiving.
        DateOnly[] expected = [new(2026, 11, 30), new(2026, 11, 27), new(2026, 11, 25), new(2026, 11, 24), new(2026, 11, 23), new(2026, 11, 20), new(2026, 11, 19), new(2026, 11, 18), new(2026, 11, 17), new(2026, 11, 16)];
        Assert.Equal(expected, estimate!.LikeDays);
    }

    [Fact]
    public void A_program_on_the_bank_holidays_of_england_and_wales_leaves_out_good_friday_and_easter_monday_where_nerc_counts_them()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var history = SettlementHistory.Hourly(london, new DateOnly(2027, 3, 1), new DateOnly(2027, 4, 7), (day, _) => day.Day);
        var start = SettlementHistory.LocalUtc(london, 2027, 4, 7, 17);

        var english = TenInTenBaseline.Estimate(history, start, 1, Hour, london, HolidayCalendar.EnglandAndWales, new HashSet<DateOnly>(), DayOfAdjustment.None, out _);
        var american = TenInTenBaseline.Estimate(history, start, 1, Hour, london, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.None, out _);

        // Back from Wednesday 7 April 2027: Easter Monday is 29 March and Good Friday 26 March, bank holidays in England
        // and Wales and working days to NERC; the clocks went forward on Sunday 28 March, and 17:00 is still 17:00.
        Assert.Equal([new(2027, 4, 6), new(2027, 4, 5), new(2027, 4, 2), new(2027, 4, 1), new(2027, 3, 31), new(2027, 3, 30), new(2027, 3, 25), new(2027, 3, 24), new(2027, 3, 23), new(2027, 3, 22)],
            english!.LikeDays);
        Assert.Equal([new(2027, 4, 6), new(2027, 4, 5), new(2027, 4, 2), new(2027, 4, 1), new(2027, 3, 31), new(2027, 3, 30), new(2027, 3, 29), new(2027, 3, 26), new(2027, 3, 25), new(2027, 3, 24)],
            american!.LikeDays);
    }

    [Fact]
    public void A_weekend_event_is_compared_with_weekend_days_and_holidays()
    {
        var history = Hourly(new DateOnly(2026, 11, 1), new DateOnly(2027, 1, 9), (day, _) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 3 : 1);

        var estimate = TenInTenBaseline.Estimate(history, LocalUtc(2027, 1, 9, 17), 1, Hour, Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.None, out _);

        // Saturday 9 January: Sunday 3 January and back, with New Year's Day and Christmas (Fridays) among them.
        Assert.Contains(new DateOnly(2027, 1, 1), estimate!.LikeDays);
        Assert.Contains(new DateOnly(2026, 12, 25), estimate.LikeDays);
        Assert.Equal(10, estimate.LikeDays.Count);
        Assert.Equal(((8 * 3) + (2 * 1)) / 10.0, estimate.IntervalKwh[0], 9);
    }

    [Theory]
    [InlineData(3.0, 1.5, 1.2)]
    [InlineData(1.0, 0.5, 0.8)]
    [InlineData(2.2, 1.1, 1.1)]
    public void The_day_of_ratio_scales_the_baseline_and_is_held_within_its_cap_on_both_sides(double morningKwh, double measured, double applied)
    {
        // Like days draw 2 kWh an hour; on the event day the hours from 13:00 to 16:00 drew morningKwh each.
        var eventDay = new DateOnly(2026, 7, 15);
        var history = Hourly(new DateOnly(2026, 6, 1), eventDay, (day, hour) => day == eventDay && hour is >= 13 and < 16 ? morningKwh : 2);

        var estimate = TenInTenBaseline.Estimate(history, LocalUtc(2026, 7, 15, 17), 3, Hour, Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.Default, out _)!;

        Assert.Equal(measured, estimate.MeasuredRatio!.Value, 9);
        Assert.Equal(applied, estimate.AppliedRatio, 9);
        Assert.All(estimate.IntervalKwh, kwh => Assert.Equal(2 * applied, kwh, 9));
        Assert.Equal(Math.Abs(measured - applied) > 1e-9, estimate.Capped);
        Assert.Equal(estimate.Capped, estimate.Note is not null);
    }

    [Fact]
    public void Local_hours_are_compared_across_a_clock_change()
    {
        // Each local hour draws its hour's number in kWh; Monday 2 November follows the end of daylight time.
        var history = Hourly(new DateOnly(2026, 9, 15), new DateOnly(2026, 11, 2), (_, hour) => hour);

        var estimate = TenInTenBaseline.Estimate(history, LocalUtc(2026, 11, 2, 17), 3, Hour, Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.Default, out _)!;

        Assert.Contains(new DateOnly(2026, 10, 30), estimate.LikeDays);
        Assert.Equal([17.0, 18.0, 19.0], estimate.IntervalKwh);
        Assert.Equal(1, estimate.AppliedRatio, 9);
    }

    [Fact]
    public void A_device_with_too_little_history_has_no_estimate_and_is_told_why()
    {
        // Enrolled the Thursday before: four weekdays of readings.
        var history = Hourly(new DateOnly(2026, 7, 9), new DateOnly(2026, 7, 15), (_, _) => 1);

        var estimate = TenInTenBaseline.Estimate(history, LocalUtc(2026, 7, 15, 17), 3, Hour, Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.Default, out var insufficient);

        Assert.Null(estimate);
        Assert.StartsWith("4 like days", insufficient, StringComparison.Ordinal);
    }
}
