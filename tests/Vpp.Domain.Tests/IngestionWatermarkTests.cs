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
        Assert.Equal(Now, IngestionWatermark.StatusTime([], Now));
        Assert.Equal(Now, IngestionWatermark.StatusTime([new("0", Now), new("1", Now.AddSeconds(5))], Now));
    }

    [Fact]
    public void Status_is_judged_at_the_partition_furthest_behind()
    {
        var statusTime = IngestionWatermark.StatusTime([new("0", Now.AddSeconds(-2)), new("1", Now.AddMinutes(-4)), new("2", Now.AddMinutes(-1))], Now);

        Assert.Equal(Now.AddMinutes(-4), statusTime);
    }

    [Fact]
    public void A_partition_not_heard_of_for_longer_than_the_limit_holds_no_one_back()
    {
        var limit = Now - IngestionWatermark.MaxLag;

        Assert.Equal(limit, IngestionWatermark.StatusTime([new("0", Now), new("1", limit)], Now));
        Assert.Equal(Now.AddMinutes(-2), IngestionWatermark.StatusTime([new("0", Now.AddMinutes(-2)), new("1", limit.AddTicks(-1)), new("2", Now.AddDays(-3))], Now));
    }

    [Fact]
    public void A_device_whose_reports_wait_behind_a_backlog_is_online_and_one_silent_since_before_it_is_not()
    {
        // Each minute's reading is sent at the minute's end. Ingestion is 5 minutes behind: what was sent since is still queued.
        var statusTime = IngestionWatermark.StatusTime([new("0", Now.AddMinutes(-5))], Now);
        var waiting = new FleetDevice(TestDevices.Battery("b1"), Reading(Now.AddMinutes(-6)));
        var silent = new FleetDevice(TestDevices.Battery("b2"), Reading(Now.AddMinutes(-10)));

        Assert.Equal(DeviceStatus.Offline, FleetSnapshot.StatusOf(waiting, Now));
        Assert.Equal(DeviceStatus.Online, FleetSnapshot.StatusOf(waiting, statusTime));
        Assert.Equal(DeviceStatus.Offline, FleetSnapshot.StatusOf(silent, statusTime));
        Assert.Equal(1, FleetSnapshot.Compute("p", Now, [waiting, silent], statusTime: statusTime).OnlineCount);
        Assert.Equal(0, FleetSnapshot.Compute("p", Now, [waiting, silent]).OnlineCount);
    }

    private static LatestReading Reading(DateTimeOffset at) => new(1, at, 60, 0.5, null, null, 50, null, null, null, null, null);
}
