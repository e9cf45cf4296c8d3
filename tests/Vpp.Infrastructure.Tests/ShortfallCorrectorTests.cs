using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Tables;
using Vpp.Domain.Tests.Dispatch;
using Vpp.TestSupport.Memory;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>Shortfall corrections on Azurite's local device hub: reserves called once, and a retried correction resumes its pick.</summary>
public sealed class ShortfallCorrectorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);

    /// <summary>Ten batteries in reserve, each able to give 2 kW, and one already shedding 1 kW that could give 3.</summary>
    private static List<DispatchAssignment> Parts() =>
    [
        .. Enumerable.Range(0, 10).Select(i => Part($"res-{i}", DispatchRole.Reserve, 0)),
        Part("taking-part", DispatchRole.Participant, -1),
    ];

    private static DispatchAssignment Part(string id, DispatchRole role, double kw) =>
        new(id, "c-" + id, DeviceType.Battery, role, Start, 5, [.. Enumerable.Repeat(kw, 24)], [.. new double[24]], [.. Enumerable.Repeat(id.StartsWith("res", StringComparison.Ordinal) ? -2.0 : -3.0, 24)], null);

    private async Task<(ShortfallCorrector Corrector, InMemoryDeviceCommandLedger Ledger, FailingHub Hub, InMemoryDispatchPlanStore Plans, DispatchEvent Event)> ArrangeAsync(
        List<DispatchAssignment>? arranged = null)
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(Start.AddMinutes(20));
        var hub = new FailingHub(new LocalDeviceHub(tables, new TwinChangeFeed(), clock));
        var dispatchEvent = new DispatchEventBuilder().Id(AzuriteFixture.UniqueName("ev")).Window(Start, Start.AddHours(2)).Build();
        var parts = (arranged ?? Parts()).Select(p => p with { DeviceId = dispatchEvent.EventId + "-" + p.DeviceId }).ToList();
        foreach (var part in parts)
        {
            await hub.RegisterAsync(part.DeviceId, new JsonObject { ["programId"] = "demo" }, CancellationToken.None);
        }

        var events = new InMemoryDispatchEventStore();
        await events.AddAsync(dispatchEvent, CancellationToken.None);
        var plans = new InMemoryDispatchPlanStore();
        plans.AddParts(dispatchEvent.EventId, parts);
        var ledger = new InMemoryDeviceCommandLedger();
        await ledger.RecordIntendedAsync(dispatchEvent.EventId, DispatchStep.Shed, [parts[^1].DeviceId], clock.GetUtcNow(), CancellationToken.None);
        await ledger.RecordSentAsync(dispatchEvent.EventId, DispatchStep.Shed, [parts[^1].DeviceId], clock.GetUtcNow(), CancellationToken.None);
        var commander = new DispatchCommander(events, plans, ledger, hub, clock);
        return (new ShortfallCorrector(events, plans, ledger, commander), ledger, hub, plans, dispatchEvent);
    }

    [Fact]
    public async Task A_shortfall_calls_the_reserves_it_needs_and_a_correction_retried_after_a_failed_write_calls_no_one_extra()
    {
        var clean = await ArrangeAsync();
        var failing = await ArrangeAsync();
        var correction = (DispatchEvent e) => new ShortfallCorrection("demo", e.EventId, 5, 1, Start.AddMinutes(20));

        var addedKw = await clean.Corrector.CorrectAsync(correction(clean.Event), CancellationToken.None);
        failing.Hub.FailWritesAfter = 1;
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Corrector.CorrectAsync(correction(failing.Event), CancellationToken.None));
        failing.Hub.FailWritesAfter = null;
        var resumedKw = await failing.Corrector.CorrectAsync(correction(failing.Event), CancellationToken.None);
        var again = await failing.Corrector.CorrectAsync(correction(failing.Event), CancellationToken.None);

        // Three reserves of 2 kW cover 5 kW; the one already shedding is not deepened.
        var called = await clean.Ledger.SentAsync(clean.Event.EventId, DispatchStep.Shed, CancellationToken.None);
        Assert.Equal(6, addedKw, 6);
        Assert.Equal(4, called.Count);
        Assert.Empty(await clean.Ledger.SentAsync(clean.Event.EventId, DispatchStep.Deepen, CancellationToken.None));
        var calledAfterRetry = await failing.Ledger.SentAsync(failing.Event.EventId, DispatchStep.Shed, CancellationToken.None);
        Assert.Equal(called.Select(id => id[clean.Event.EventId.Length..]).Order(), calledAfterRetry.Select(id => id[failing.Event.EventId.Length..]).Order());
        Assert.Equal(6, resumedKw, 6);
        Assert.Equal(6, again, 6);
        Assert.Equal(3, (await failing.Plans.ListAsync(failing.Event.EventId, CancellationToken.None)).Count(a => a.Correction == 1));
        // One write before the failure, the other two on the retry, none on the call after.
        Assert.Equal(3, failing.Hub.Writes);
    }

    [Fact]
    public async Task A_correction_retried_after_a_device_it_picked_opted_out_does_not_command_that_device()
    {
        var arranged = await ArrangeAsync();
        var correction = new ShortfallCorrection("demo", arranged.Event.EventId, 5, 1, Start.AddMinutes(20));
        arranged.Hub.FailWritesAfter = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => arranged.Corrector.CorrectAsync(correction, CancellationToken.None));
        var picked = (await arranged.Plans.ListAsync(arranged.Event.EventId, CancellationToken.None)).Where(a => a.Correction == 1).Select(a => a.DeviceId).ToList();
        await arranged.Plans.ChangeAsync(arranged.Event.EventId, [picked[0]], a => a.OptedOutFrom(Start.AddMinutes(21)), CancellationToken.None);
        arranged.Hub.FailWritesAfter = null;

        var resumedKw = await arranged.Corrector.CorrectAsync(correction, CancellationToken.None);

        var called = await arranged.Ledger.SentAsync(arranged.Event.EventId, DispatchStep.Shed, CancellationToken.None);
        Assert.Equal(3, picked.Count);
        Assert.DoesNotContain(picked[0], called);
        Assert.All(picked[1..], id => Assert.Contains(id, called));
        Assert.Equal(4, resumedKw, 6);
        Assert.Equal(2, arranged.Hub.Writes);
    }

    [Fact]
    public async Task A_shortfall_is_covered_by_what_reserves_shed_now_and_the_interval_under_way_is_deepened_too()
    {
        // On a 5-minute grid, 20 minutes in, mid-interval: a water heater whose baseline is small now and large later,
        // a battery able to give 2 kW throughout.
        var later = new DispatchAssignment("heater", "c-heater", DeviceType.WaterHeater, DispatchRole.Reserve, Start, 5,
            [.. new double[24]], [.. Enumerable.Range(0, 24).Select(t => t < 6 ? 0.5 : 4.5)], [.. new double[24]], null);
        var now = Part("res-now", DispatchRole.Reserve, 0);
        var arranged = await ArrangeAsync([later, now, Part("taking-part", DispatchRole.Participant, -1)]);
        var at = Start.AddMinutes(22);

        var addedKw = await arranged.Corrector.CorrectAsync(new ShortfallCorrection("demo", arranged.Event.EventId, 1.5, 1, at), CancellationToken.None);

        var parts = await arranged.Plans.ListAsync(arranged.Event.EventId, CancellationToken.None);
        var called = Assert.Single(parts, a => a.Correction == 1);
        Assert.EndsWith("res-now", called.DeviceId, StringComparison.Ordinal);
        Assert.Equal(2, addedKw, 6);
        Assert.Equal(0, called.PowerKw[3]);
        Assert.Equal(-2, called.PowerKw[4]);
        Assert.Equal(-2, called.PowerKw[^1]);
    }
}
