using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Memory;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>
/// A target lowered during an event on Azurite's local device hub: the parts no longer needed are released early, each
/// once, staggered as their release after the end was, and the restore at the end leaves them alone.
/// </summary>
public sealed class SurplusReleaserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);
    private static readonly DateTimeOffset At = Start.AddMinutes(32);

    [Fact]
    public async Task A_lowered_target_releases_the_parts_no_longer_needed_once_and_the_restore_at_the_end_skips_them()
    {
        // Batteries discharging 4, 3, 2 and 1 kW for the whole hour; the target lowered to 5 kW keeps 5.75 with the margin.
        var (releaser, commander, ledger, plans, hub, dispatchEvent) = await ArrangeAsync(targetKw: 5);

        var released = await releaser.ReleaseAsync(new SurplusReleaseRequest(dispatchEvent.ProgramId, dispatchEvent.EventId, At), CancellationToken.None);
        var writes = hub.Writes;
        var retried = await releaser.ReleaseAsync(new SurplusReleaseRequest(dispatchEvent.ProgramId, dispatchEvent.EventId, At), CancellationToken.None);
        var writesAfterRetry = hub.Writes;
        var restoredEarly = await ledger.SentAsync(dispatchEvent.EventId, DispatchStep.Restore, CancellationToken.None);
        var twin = await hub.GetTwinAsync(Id(dispatchEvent, "bat-4"), CancellationToken.None);
        var atEnd = await commander.CommandAsync(new DeviceCommandBatch(dispatchEvent.ProgramId, dispatchEvent.EventId, DispatchStep.Restore, "", null, null, null), CancellationToken.None);
        var parts = await plans.ListAsync(dispatchEvent.EventId, CancellationToken.None);

        Assert.Equal(1, released);
        Assert.Equal(1, retried);
        Assert.Equal(1, writes);
        Assert.Equal(writes, writesAfterRetry);
        Assert.Equal([Id(dispatchEvent, "bat-4")], restoredEarly);
        var command = twin!.Desired[DispatchCommand.TwinProperty]!;
        Assert.Equal(DispatchCommand.IdOf(dispatchEvent.EventId, DispatchStep.Restore), command["commandId"]!.GetValue<string>());
        // Released at the same offset from now as its fitted release after the end: 7 minutes.
        Assert.Equal(At.AddMinutes(7), DateTimeOffset.Parse(command["releaseUtc"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(At, parts.Single(a => a.DeviceId == Id(dispatchEvent, "bat-4")).ReleasedUtc);
        Assert.False(parts.Single(a => a.DeviceId == Id(dispatchEvent, "bat-4")).InControl);
        Assert.All(parts.Where(a => a.DeviceId != Id(dispatchEvent, "bat-4")), a => Assert.Null(a.ReleasedUtc));
        Assert.Equal((3, 1), (atEnd.Sent, atEnd.AlreadySent));
    }

    [Fact]
    public async Task A_release_retried_after_a_failed_write_resumes_its_pick_and_writes_each_twin_once()
    {
        var (releaser, _, ledger, plans, hub, dispatchEvent) = await ArrangeAsync(targetKw: 5);
        var request = new SurplusReleaseRequest(dispatchEvent.ProgramId, dispatchEvent.EventId, At);
        hub.FailWritesAfter = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => releaser.ReleaseAsync(request, CancellationToken.None));
        hub.FailWritesAfter = null;
        var resumed = await releaser.ReleaseAsync(request, CancellationToken.None);

        Assert.Equal(1, resumed);
        Assert.Equal(1, hub.Writes);
        Assert.Equal([Id(dispatchEvent, "bat-4")], await ledger.SentAsync(dispatchEvent.EventId, DispatchStep.Restore, CancellationToken.None));
        Assert.Single(await plans.ListAsync(dispatchEvent.EventId, CancellationToken.None), a => a.ReleasedUtc == At);
    }

    [Fact]
    public async Task A_target_the_fleet_only_just_meets_or_as_much_as_available_releases_no_one()
    {
        var tight = await ArrangeAsync(targetKw: 8.7);
        var open = await ArrangeAsync(targetKw: null);

        Assert.Equal(0, await tight.Releaser.ReleaseAsync(new SurplusReleaseRequest(tight.Event.ProgramId, tight.Event.EventId, At), CancellationToken.None));
        Assert.Equal(0, await open.Releaser.ReleaseAsync(new SurplusReleaseRequest(open.Event.ProgramId, open.Event.EventId, At), CancellationToken.None));
        Assert.Equal(0, tight.Hub.Writes + open.Hub.Writes);
    }

    private static string Id(DispatchEvent dispatchEvent, string device) => dispatchEvent.EventId + "-" + device;

    private async Task<(SurplusReleaser Releaser, DispatchCommander Commander, InMemoryDeviceCommandLedger Ledger, InMemoryDispatchPlanStore Plans, FailingHub Hub, DispatchEvent Event)> ArrangeAsync(double? targetKw)
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(At);
        var hub = new FailingHub(new LocalDeviceHub(tables, new TwinChangeFeed(), clock));
        var built = new DispatchEventBuilder().Id(AzuriteFixture.UniqueName("ev")).Window(Start, Start.AddHours(1));
        var dispatchEvent = targetKw is { } kw ? built.Target(kw).Build() : built.Target(1).Build().Change(null, true, null, Start.AddDays(-1), "pm-1").Event!;
        var parts = new[] { 4.0, 3, 2, 1 }
            .Select(kw => new DispatchAssignment(Id(dispatchEvent, $"bat-{kw}"), "c-" + kw, DeviceType.Battery, DispatchRole.Participant, Start, 5,
                [.. Enumerable.Repeat(-kw, 12)], [.. new double[12]], [.. Enumerable.Repeat(-5.0, 12)], null, ReleaseAfter: TimeSpan.FromMinutes(kw + 3)))
            .ToList();
        foreach (var part in parts)
        {
            await hub.RegisterAsync(part.DeviceId, new JsonObject { ["programId"] = dispatchEvent.ProgramId }, CancellationToken.None);
        }

        var events = new InMemoryDispatchEventStore();
        await events.AddAsync(dispatchEvent, CancellationToken.None);
        var plans = new InMemoryDispatchPlanStore();
        plans.AddParts(dispatchEvent.EventId, parts);
        var ledger = new InMemoryDeviceCommandLedger();
        var ids = parts.Select(p => p.DeviceId).ToList();
        await ledger.RecordIntendedAsync(dispatchEvent.EventId, DispatchStep.Shed, ids, Start, CancellationToken.None);
        await ledger.RecordSentAsync(dispatchEvent.EventId, DispatchStep.Shed, ids, Start, CancellationToken.None);
        var commander = new DispatchCommander(events, plans, ledger, hub, clock);
        return (new SurplusReleaser(events, plans, ledger, commander), commander, ledger, plans, hub, dispatchEvent);
    }
}
