using Vpp.Domain.Calendar;
using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

public sealed class HighXOfYBaselineTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly DateOnly EventDay = new(2026, 7, 15);

    /// <summary>What each of the ten weekdays before Wednesday 15 July 2026 drew every hour, in kWh.</summary>
    private static readonly Dictionary<DateOnly, double> Drawn = new()
    {
        [new(2026, 7, 14)] = 5,
        [new(2026, 7, 13)] = 1,
        [new(2026, 7, 10)] = 4,
        [new(2026, 7, 9)] = 2,
        [new(2026, 7, 8)] = 3,
        [new(2026, 7, 7)] = 6,
        [new(2026, 7, 6)] = 1,
        [new(2026, 7, 3)] = 2,
        [new(2026, 7, 2)] = 7,
        [new(2026, 7, 1)] = 1,
    };

    private static Dictionary<DateTimeOffset, double> History(double eventMorningKwh, DateOnly first) =>
        SettlementHistory.Hourly(Pacific, first, EventDay, (day, hour) => day == EventDay ? (hour is >= 13 and < 16 ? eventMorningKwh : 0) : Drawn.GetValueOrDefault(day, 9));

    [Theory]
    [InlineData(6.0, 6.0)]
    [InlineData(4.0, 4.0)]
    [InlineData(0.0, 0.0)]
    public void The_five_days_that_drew_most_of_ten_are_averaged_and_the_morning_difference_is_added_never_below_zero(double morningKwh, double baselineKwh)
    {
        var estimate = HighXOfYBaseline.Estimate(History(morningKwh, new DateOnly(2026, 6, 1)), SettlementHistory.LocalUtc(Pacific, 2026, 7, 15, 17), 3, TimeSpan.FromHours(1),
            Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), 5, 10, DayOfAdjustment.Default, out var insufficient)!;

        // 7, 6, 5, 4 and 3 kWh: 5 on average; the morning drew morningKwh against their 5.
        Assert.Null(insufficient);
        Assert.Equal("high 5 of 10 with additive adjustment", estimate.Method);
        Assert.Equal([new(2026, 7, 2), new(2026, 7, 7), new(2026, 7, 14), new(2026, 7, 10), new(2026, 7, 8)], estimate.LikeDays);
        Assert.Equal(morningKwh - 5, estimate.AddedKwhPerInterval, 9);
        Assert.All(estimate.IntervalKwh, kwh => Assert.Equal(baselineKwh, kwh, 9));
    }

    [Fact]
    public void Fewer_like_days_than_it_looks_at_leave_no_estimate()
    {
        var estimate = HighXOfYBaseline.Estimate(History(5, new DateOnly(2026, 7, 3)), SettlementHistory.LocalUtc(Pacific, 2026, 7, 15, 17), 3, TimeSpan.FromHours(1),
            Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), 5, 10, DayOfAdjustment.Default, out var insufficient);

        Assert.Null(estimate);
        Assert.StartsWith("8 like days", insufficient, StringComparison.Ordinal);
    }
}
