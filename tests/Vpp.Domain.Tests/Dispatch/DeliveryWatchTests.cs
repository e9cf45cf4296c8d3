using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class DeliveryWatchTests
{
    [Fact]
    public void Two_short_minutes_in_a_row_ask_for_the_shortfall_and_the_tolerance_and_the_devices_called_get_time_to_answer()
    {
        var watch = new DeliveryWatch(0, 0);

        (watch, var first) = watch.Observe(deliveredKw: 80, targetKw: 100, toleranceKw: 5);
        (watch, var second) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5);
        var settling = new List<double>();
        for (var minute = 0; minute < DeliveryWatch.ResponseMinutes; minute++)
        {
            (watch, var correction) = watch.Observe(deliveredKw: 50, targetKw: 100, toleranceKw: 5);
            settling.Add(correction);
        }

        (watch, var afterSettling) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5);
        (_, var again) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5);

        Assert.Equal(0, first);
        Assert.Equal(15, second, 9);
        Assert.All(settling, c => Assert.Equal(0, c));
        Assert.Equal(0, afterSettling);
        Assert.Equal(15, again, 9);
    }

    [Fact]
    public void The_minutes_after_the_start_are_not_counted_while_the_commanded_devices_answer()
    {
        var watch = DeliveryWatch.Start;
        var corrections = new List<double>();
        for (var minute = 0; minute < DeliveryWatch.ResponseMinutes + 2; minute++)
        {
            (watch, var correction) = watch.Observe(deliveredKw: 0, targetKw: 100, toleranceKw: 5);
            corrections.Add(correction);
        }

        Assert.Equal([0, 0, 0, 0, 105], corrections);
    }

    [Fact]
    public void A_minute_within_tolerance_resets_the_count()
    {
        var (watch, _) = new DeliveryWatch(0, 0).Observe(80, 100, 5);
        (watch, var correction) = watch.Observe(96, 100, 5);
        (_, var after) = watch.Observe(80, 100, 5);

        Assert.Equal(0, correction);
        Assert.Equal(0, after);
    }
}
