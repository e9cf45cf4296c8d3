using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

public sealed class BaselineRuleTests
{
    private static readonly TimeZoneInfo Central = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly DateTimeOffset Start = SettlementHistory.LocalUtc(Central, 2026, 7, 15, 17);

    private static BaselineHistory History(int daysBefore, PowerProfile? profile = null) =>
        new(SettlementHistory.Hourly(Central, new DateOnly(2026, 7, 15).AddDays(-daysBefore), new DateOnly(2026, 7, 15), (_, hour) => hour >= 16 ? 2.0 : 1.0),
            profile, Central, HolidayCalendar.UsNerc, new HashSet<DateOnly>());

    [Fact]
    public void A_device_with_the_history_for_the_program_method_is_settled_on_it_without_a_fallback()
    {
        var choice = BaselineRule.Default.Choose(History(30), Start, 3, TimeSpan.FromHours(1));

        Assert.Equal(TenInTenBaseline.Method, choice.Estimate!.Method);
        Assert.Null(choice.FallbackReason);
    }

    [Fact]
    public void A_new_device_falls_back_to_its_learned_draw_then_to_the_meter_before_and_says_why()
    {
        var profile = new PowerProfile(3, Enumerable.Repeat(1.5, PowerProfile.QuartersPerDay).ToArray(), Enumerable.Repeat(1.5, PowerProfile.QuartersPerDay).ToArray());

        var learned = BaselineRule.Default.Choose(History(3, profile), Start, 3, TimeSpan.FromHours(1));
        var meterBefore = BaselineRule.Default with { MeterBeforeMinutes = 60 };
        var metered = meterBefore.Choose(History(3), Start, 3, TimeSpan.FromHours(1));

        Assert.Equal(DeviceProfileBaseline.Method, learned.Estimate!.Method);
        Assert.StartsWith($"{TenInTenBaseline.Method}: 2 like days", learned.FallbackReason);
        Assert.Equal(MeterBeforeBaseline.Method, metered.Estimate!.Method);
        Assert.Equal([2.0, 2.0, 2.0], metered.Estimate.IntervalKwh);
        Assert.Contains(DeviceProfileBaseline.Method, metered.FallbackReason);
    }

    [Fact]
    public void High_x_of_y_falls_back_to_10_in_10_when_it_lacks_y_like_days_and_nothing_at_all_leaves_no_estimate()
    {
        var highFiveOfTen = new BaselineRule(BaselineMethod.HighXOfY, DayOfAdjustment.Default);

        var choice = highFiveOfTen.Choose(History(10), Start, 3, TimeSpan.FromHours(1));
        var none = highFiveOfTen.Choose(new BaselineHistory(new Dictionary<DateTimeOffset, double>(), null, Central, HolidayCalendar.UsNerc, new HashSet<DateOnly>()), Start, 3, TimeSpan.FromHours(1));

        Assert.Equal(TenInTenBaseline.Method, choice.Estimate!.Method);
        Assert.StartsWith("high 5 of 10 with additive adjustment: ", choice.FallbackReason);
        Assert.Null(none.Estimate);
        Assert.All([highFiveOfTen.MethodName, TenInTenBaseline.Method, DeviceProfileBaseline.Method, MeterBeforeBaseline.Method], method => Assert.Contains($"{method}: ", none.FallbackReason));
    }
}
