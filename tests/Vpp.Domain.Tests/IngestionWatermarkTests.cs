using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class IngestionWatermarkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_no_progress_known_or_every_partition_current_status_is_judged_now()
    {
        Assert.Equal(Now, IngestionWatermark.None(Now).Oldest);
        Assert.Equal(Now, IngestionWatermark.At([new("0", Now), new("1", Now.AddSeconds(5))], Now).Oldest);
        Assert.Equal(Now, IngestionWatermark.At([new("0", Now), new("1", Now.AddSeconds(5))], Now).StatusTimeOf(Device("b1", Now, "1")));
    }

    [Fact]
    public void A_device_is_judged_at_its_own_partitions_progress()
    {
        var watermark = IngestionWatermark.At([new("0", Now.AddSeconds(-2)), new("1", Now.AddMinutes(-4)), new("2", Now.AddMinutes(-1))], Now);

        Assert.Equal(Now.AddSeconds(-2), watermark.StatusTimeOf(Device("b0", Now, "0")));
        Assert.Equal(Now.AddMinutes(-4), watermark.StatusTimeOf(Device("b1", Now, "1")));
        Assert.Equal(Now.AddMinutes(-1), watermark.StatusTimeOf(Device("b2", Now, "2")));
    }

    [Fact]
    public void A_device_whose_partition_is_not_known_is_judged_at_the_partition_furthest_behind()
    {
        var watermark = IngestionWatermark.At([new("0", Now.AddSeconds(-2)), new("1", Now.AddMinutes(-4)), new("2", Now.AddMinutes(-1))], Now);

        Assert.Equal(Now.AddMinutes(-4), watermark.Oldest);
        Assert.Equal(Now.AddMinutes(-4), watermark.StatusTimeOf(Device("b", Now, partition: null)));
        Assert.Equal(Now.AddMinutes(-4), watermark.StatusTimeOf(new FleetDevice(TestDevices.Battery("never"), null)));
    }

    [Fact]
    public void A_partition_not_heard_of_for_longer_than_the_limit_holds_no_one_back_and_its_devices_are_judged_now()
    {
        var limit = Now - IngestionWatermark.MaxLag;

        Assert.Equal(limit, IngestionWatermark.At([new("0", Now), new("1", limit)], Now).Oldest);
        var watermark = IngestionWatermark.At([new("0", Now.AddMinutes(-2)), new("1", limit.AddTicks(-1)), new("2", Now.AddDays(-3))], Now);
        Assert.Equal(Now.AddMinutes(-2), watermark.Oldest);
        Assert.Equal(Now, watermark.StatusTimeOf(Device("b1", Now, "1")));
        Assert.Equal(Now, watermark.StatusTimeOf(Device("b2", Now, "2")));
        Assert.Equal(Now, watermark.StatusTimeOf(Device("b9", Now, "9")));
    }

    [Fact]
    public void Progress_ahead_of_the_clock_is_judged_at_the_clock()
    {
        var watermark = IngestionWatermark.At([new("0", Now.AddMinutes(3))], Now);

        Assert.Equal(Now, watermark.StatusTimeOf(Device("b0", Now, "0")));
    }

    [Fact]
    public void A_device_whose_reports_wait_behind_its_partitions_backlog_is_online_and_one_silent_on_a_current_partition_is_not()
    {
        // Each minute's reading is sent at the minute's end. Partition 0 is 5 minutes behind: what was sent since is still
        // queued. Partition 1 is current: a device there that last reported 6 minutes ago has gone quiet.
        var watermark = IngestionWatermark.At([new("0", Now.AddMinutes(-5)), new("1", Now.AddSeconds(-1))], Now);
        var waiting = Device("b1", Now.AddMinutes(-6), "0");
        var silentBehind = Device("b2", Now.AddMinutes(-10), "0");
        var silentCurrent = Device("b3", Now.AddMinutes(-6), "1");

        Assert.Equal(DeviceStatus.Offline, FleetSnapshot.StatusOf(waiting, Now));
        Assert.Equal(DeviceStatus.Online, watermark.StatusOf(waiting));
        Assert.Equal(DeviceStatus.Offline, watermark.StatusOf(silentBehind));
        Assert.Equal(DeviceStatus.Offline, watermark.StatusOf(silentCurrent));
        Assert.Equal(1, FleetSnapshot.Compute("p", Now, [waiting, silentBehind, silentCurrent], watermark: watermark).OnlineCount);
        Assert.Equal(0, FleetSnapshot.Compute("p", Now, [waiting, silentBehind, silentCurrent]).OnlineCount);
    }

    private static FleetDevice Device(string id, DateTimeOffset readingAt, string? partition) =>
        new(TestDevices.Battery(id), new LatestReading(1, readingAt, 60, 0.5, null, null, 50, null, null, null, null, null), partition);
}
