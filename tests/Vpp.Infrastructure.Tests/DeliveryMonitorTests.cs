using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Tests;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Memory;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>
/// One minute of an event's delivery measured on Azurite's opt-out and delivery tables: which commanded devices count,
/// by how often they report.
/// </summary>
public sealed class DeliveryMonitorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);

    [Fact]
    public async Task Devices_reporting_every_five_minutes_count_while_online_and_a_device_gone_quiet_does_not()
    {
        var (minute, deliveries) = await MeasureTwentiethMinuteAsync(ingestedThroughBeforeEnd: TimeSpan.Zero);

        Assert.Equal(4, minute.Commanded);
        Assert.Equal(3, minute.Reporting);
        Assert.Equal(300, minute.ReportingIntervalSeconds);
        Assert.Equal(1.5, minute.BaselineKw, 9);
        Assert.Equal(-4.5, minute.MeasuredKw, 9);
        Assert.Equal(6, minute.DeliveredKw, 9);
        Assert.Equal(minute, Assert.Single(await deliveries.ListAsync(minute.EventId, CancellationToken.None)));
    }

    [Fact]
    public async Task A_device_whose_readings_wait_behind_an_ingestion_backlog_still_counts_with_its_newest_reading_ingested()
    {
        // Its partition has been ingested only through five minutes before the minute's end: the quiet device's reading
        // sent then is the newest there can be, and its next ones are still queued.
        var (minute, _) = await MeasureTwentiethMinuteAsync(ingestedThroughBeforeEnd: TimeSpan.FromMinutes(5));

        Assert.Equal(4, minute.Reporting);
        Assert.Equal(2.0, minute.BaselineKw, 9);
        Assert.Equal(-4.0, minute.MeasuredKw, 9);
        Assert.Equal(6, minute.DeliveredKw, 9);
    }

    [Fact]
    public async Task A_device_gone_quiet_on_a_current_partition_does_not_count_while_another_partition_is_behind()
    {
        // The three batteries reporting every five minutes are on partition 0, five minutes behind; the quiet one is on
        // partition 1, ingested through a second ago: nothing of it is waiting, so it has gone quiet.
        var (minute, _) = await MeasureTwentiethMinuteAsync(ingestedThroughBeforeEnd: TimeSpan.FromMinutes(5), quietDevicePartition: "1");

        Assert.Equal(3, minute.Reporting);
        Assert.Equal(1.5, minute.BaselineKw, 9);
        Assert.Equal(-4.5, minute.MeasuredKw, 9);
        Assert.Equal(6, minute.DeliveredKw, 9);
    }

    [Fact]
    public async Task A_device_released_early_when_the_target_was_lowered_no_longer_counts()
    {
        var (minute, _) = await MeasureTwentiethMinuteAsync(ingestedThroughBeforeEnd: TimeSpan.Zero, releasedFiveMinutesBefore: "every-5-a");

        Assert.Equal(3, minute.Commanded);
        Assert.Equal(2, minute.Reporting);
        Assert.Equal(1.0, minute.BaselineKw, 9);
        Assert.Equal(-3.0, minute.MeasuredKw, 9);
        Assert.Equal(4, minute.DeliveredKw, 9);
    }

    private async Task<(DeliveryMinute Minute, TableDispatchDeliveryStore Deliveries)> MeasureTwentiethMinuteAsync(
        TimeSpan ingestedThroughBeforeEnd, string quietDevicePartition = "0", string? releasedFiveMinutesBefore = null)
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var dispatchEvent = new DispatchEventBuilder().Id(AzuriteFixture.UniqueName("ev")).Window(Start, Start.AddHours(1)).Build();
        var events = new InMemoryDispatchEventStore();
        await events.AddAsync(dispatchEvent, CancellationToken.None);
        var minuteEnd = Start.AddMinutes(20);

        // Each battery idles at 0.5 kW undispatched and is asked for 1.5 kW of discharge. The first three report every
        // five minutes: the newest reading of one began 9 minutes before the minute's end (sent 4 minutes before it,
        // its next one not due yet), of another 14 and of the third 19 (sent 14 minutes before: within three intervals).
        // The fourth reports each minute and was last heard of 6 minutes before: gone quiet, counted neither way.
        var readings = new (string Id, int MinutesBefore, int IntervalSeconds, double PowerKw)[]
        {
            ("every-5-a", 9, 300, -1.5), ("every-5-b", 14, 300, -1.4), ("every-5-c", 19, 300, -1.6), ("every-1-quiet", 6, 60, 0.5),
        };
        var fleet = new InMemoryFleetStore();
        var parts = new List<DispatchAssignment>();
        foreach (var (id, minutesBefore, intervalSeconds, powerKw) in readings)
        {
            var device = TestDevices.Battery(dispatchEvent.EventId + "-" + id) with { ProgramId = dispatchEvent.ProgramId };
            await fleet.SaveAsync(device, CancellationToken.None);
            var partition = intervalSeconds == 60 ? quietDevicePartition : "0";
            await fleet.UpdateAsync([new(device, new LatestReading(7, minuteEnd.AddMinutes(-minutesBefore), intervalSeconds, powerKw, null, null, 50, null, null, null, null, null), partition)],
                CancellationToken.None);
            parts.Add(new DispatchAssignment(device.DeviceId, "c-" + id, DeviceType.Battery, DispatchRole.Participant, Start, 15,
                [-1.5, -1.5, -1.5, -1.5], [0.5, 0.5, 0.5, 0.5], [-5, -5, -5, -5], null, ReleasedUtc: id == releasedFiveMinutesBefore ? minuteEnd.AddMinutes(-5) : null));
        }

        var plans = new InMemoryDispatchPlanStore();
        await plans.SaveAsync(new DispatchPlan(dispatchEvent.EventId, 1, Start.AddMinutes(-30), Start, 15, 6, 8, 4, 0, 0, 4, 4, 0, 0, "lp", [parts[0].DeviceId], ["c-every-1-quiet"]),
            parts, [], CancellationToken.None);
        var ledger = new InMemoryDeviceCommandLedger();
        var ids = parts.Select(p => p.DeviceId).ToList();
        await ledger.RecordIntendedAsync(dispatchEvent.EventId, DispatchStep.Shed, ids, Start, CancellationToken.None);
        await ledger.RecordSentAsync(dispatchEvent.EventId, DispatchStep.Shed, ids, Start, CancellationToken.None);
        var deliveries = new TableDispatchDeliveryStore(tables);
        var progress = new TableIngestionProgressStore(tables, AzuriteFixture.UniqueName("hub"));
        await progress.RecordAsync([new IngestionProgress("0", minuteEnd - ingestedThroughBeforeEnd), new IngestionProgress("1", minuteEnd.AddSeconds(-1))], CancellationToken.None);
        var monitor = new DeliveryMonitor(events, plans, ledger, fleet, progress, new TableOptOutStore(tables), deliveries);

        return (await monitor.MeasureAsync(new DeliveryMeasurement(dispatchEvent.ProgramId, dispatchEvent.EventId, minuteEnd), CancellationToken.None), deliveries);
    }
}
