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

/// <summary>Twin commands on Azurite's local device hub after a host died between writing twins and marking them sent.</summary>
public sealed class DispatchCommanderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);

    [Fact]
    public async Task A_command_the_twin_took_before_the_host_died_is_marked_sent_on_the_retry_and_not_written_again()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(Start);
        var hub = new LocalDeviceHub(tables, new TwinChangeFeed(), clock);
        var dispatchEvent = new DispatchEventBuilder().Id(AzuriteFixture.UniqueName("ev")).Window(Start, Start.AddHours(1)).Build();
        var parts = new[] { "taken", "not-taken" }.Select(name =>
            new DispatchAssignment($"{dispatchEvent.EventId}-{name}", "c-" + name, DeviceType.Battery, DispatchRole.Participant, Start, 5,
                [.. Enumerable.Repeat(-2.0, 12)], [.. new double[12]], [.. Enumerable.Repeat(-3.0, 12)], null)).ToList();
        foreach (var part in parts)
        {
            await hub.RegisterAsync(part.DeviceId, new JsonObject { ["programId"] = "demo" }, CancellationToken.None);
        }

        // The host that died had recorded both commands as intended and written the first twin, then nothing more.
        var ledger = new InMemoryDeviceCommandLedger();
        await ledger.RecordIntendedAsync(dispatchEvent.EventId, DispatchStep.Shed, [.. parts.Select(p => p.DeviceId)], clock.GetUtcNow(), CancellationToken.None);
        await hub.PatchDesiredAsync(parts[0].DeviceId, DispatchCommand.Build(dispatchEvent, parts[0], DispatchStep.Shed, null), null, CancellationToken.None);
        var commander = new DispatchCommander(new InMemoryDispatchEventStore(), new InMemoryDispatchPlanStore(), ledger, hub, clock);

        var result = await commander.SendAsync(dispatchEvent, DispatchStep.Shed, parts, _ => null, CancellationToken.None);

        Assert.Equal(1, result.Sent);
        Assert.Equal(1, result.AlreadySent);
        Assert.Equal(parts.Select(p => p.DeviceId).Order(), (await ledger.SentAsync(dispatchEvent.EventId, DispatchStep.Shed, CancellationToken.None)).Order());
        foreach (var part in parts)
        {
            // Registration, then the one command.
            var twin = await hub.GetTwinAsync(part.DeviceId, CancellationToken.None);
            Assert.Equal(2, twin!.Version);
            Assert.True(DispatchCommand.IsIn(twin.Desired, dispatchEvent.EventId, DispatchStep.Shed));
        }
    }
}
