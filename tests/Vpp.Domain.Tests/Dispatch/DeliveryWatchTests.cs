using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class DeliveryWatchTests
{
    [Fact]
    public void Two_short_minutes_in_a_row_ask_for_the_shortfall_and_the_count_starts_again()
    {
        var watch = new DeliveryWatch(0);

        (watch, var first) = watch.Observe(deliveredKw: 80, targetKw: 100, toleranceKw: 5);
        (watch, var second) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5);
        (watch, var third) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5);

        Assert.Equal(0, first);
        Assert.Equal(10, second, 9);
        Assert.Equal(0, third);
        Assert.Equal(1, watch.ShortMinutes);
    }

    [Fact]
    public void A_minute_within_tolerance_resets_the_count()
    {
        var (watch, _) = new DeliveryWatch(0).Observe(80, 100, 5);
        (watch, var correction) = watch.Observe(96, 100, 5);
        (_, var after) = watch.Observe(80, 100, 5);

        Assert.Equal(0, correction);
        Assert.Equal(0, after);
    }
}
