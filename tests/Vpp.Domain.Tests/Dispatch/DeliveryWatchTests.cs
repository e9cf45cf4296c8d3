using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class DeliveryWatchTests
{
    private static readonly TimeSpan EveryMinute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Two_short_minutes_in_a_row_ask_for_the_shortfall_and_the_tolerance_and_the_devices_called_get_time_to_answer()
    {
        var watch = new DeliveryWatch(0, null);

        (watch, var first) = watch.Observe(deliveredKw: 80, targetKw: 100, toleranceKw: 5, EveryMinute);
        (watch, var second) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5, EveryMinute);
        var settling = new List<double>();
        for (var minute = 0; minute < DeliveryWatch.ResponseMinutes(EveryMinute); minute++)
        {
            (watch, var correction) = watch.Observe(deliveredKw: 50, targetKw: 100, toleranceKw: 5, EveryMinute);
            settling.Add(correction);
        }

        (watch, var afterSettling) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5, EveryMinute);
        (_, var again) = watch.Observe(deliveredKw: 90, targetKw: 100, toleranceKw: 5, EveryMinute);

        Assert.Equal(0, first);
        Assert.Equal(15, second, 9);
        Assert.All(settling, c => Assert.Equal(0, c));
        Assert.Equal(0, afterSettling);
        Assert.Equal(15, again, 9);
    }

    [Fact]
    public void The_minutes_after_the_start_are_not_counted_while_the_commanded_devices_answer()
    {
        Assert.Equal(3, DeliveryWatch.ResponseMinutes(EveryMinute));
        Assert.Equal([0, 0, 0, 0, 105], NothingDeliveredFromTheStart(5, EveryMinute));
    }

    [Fact]
    public void Devices_reporting_every_five_minutes_get_eleven_minutes_to_show_their_answer_before_a_shortfall_counts()
    {
        var everyFive = TimeSpan.FromMinutes(5);

        Assert.Equal(11, DeliveryWatch.ResponseMinutes(everyFive));
        Assert.Equal([.. Enumerable.Repeat(0.0, 12), 105], NothingDeliveredFromTheStart(13, everyFive));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(30, 3)]
    [InlineData(90, 5)]
    [InlineData(240, 9)]
    [InlineData(900, 31)]
    public void The_response_time_is_a_step_and_two_reporting_intervals_in_whole_minutes(int intervalSeconds, int minutes) =>
        Assert.Equal(minutes, DeliveryWatch.ResponseMinutes(TimeSpan.FromSeconds(intervalSeconds)));

    [Fact]
    public void A_minute_within_tolerance_resets_the_count()
    {
        var (watch, _) = new DeliveryWatch(0, null).Observe(80, 100, 5, EveryMinute);
        (watch, var correction) = watch.Observe(96, 100, 5, EveryMinute);
        (_, var after) = watch.Observe(80, 100, 5, EveryMinute);

        Assert.Equal(0, correction);
        Assert.Equal(0, after);
    }

    /// <summary>The corrections a watch asks for, minute by minute from the start, while nothing is delivered of 100 kW.</summary>
    private static List<double> NothingDeliveredFromTheStart(int minutes, TimeSpan reportingInterval)
    {
        var watch = DeliveryWatch.Start;
        var corrections = new List<double>();
        for (var minute = 0; minute < minutes; minute++)
        {
            (watch, var correction) = watch.Observe(deliveredKw: 0, targetKw: 100, toleranceKw: 5, reportingInterval);
            corrections.Add(correction);
        }

        return corrections;
    }
}
