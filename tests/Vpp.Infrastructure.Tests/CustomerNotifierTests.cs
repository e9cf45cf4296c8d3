using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Memory;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>An event's customers told of it and of its changes, their notifications kept on Azurite.</summary>
public sealed class CustomerNotifierTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);
    private static readonly DateTimeOffset ReleasedAt = Start.AddMinutes(20);

    [Fact]
    public async Task Only_customers_told_of_the_event_hear_of_its_changes_an_early_release_only_of_what_it_released_and_each_once()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var dispatchEvent = new DispatchEventBuilder().Id(AzuriteFixture.UniqueName("ev")).Window(Start, Start.AddHours(1)).Build();
        var events = new InMemoryDispatchEventStore();
        await events.AddAsync(dispatchEvent, CancellationToken.None);

        // c1 has two batteries, one of them released early; so has c3, who was never told of the event.
        var owners = new (string DeviceId, string CustomerId, bool Released)[] { ("d1", "c1", false), ("d2", "c1", true), ("d3", "c2", false), ("d4", "c3", true) };
        var parts = owners.Select(o => new DispatchAssignment(o.DeviceId, o.CustomerId, DeviceType.Battery, DispatchRole.Participant, Start, 15,
            [-1.5, -1.5, -1.5, -1.5], [0.5, 0.5, 0.5, 0.5], [-5, -5, -5, -5], null, ReleasedUtc: o.Released ? ReleasedAt : null)).ToList();
        var plans = new InMemoryDispatchPlanStore();
        await plans.SaveAsync(new DispatchPlan(dispatchEvent.EventId, 1, Start.AddMinutes(-30), Start, 15, 6, 6, 4, 0, 0, 3, 4, 0, 0, "lp", ["d1"], ["c1"]), parts,
            [.. owners.GroupBy(o => o.CustomerId).Select(g => new DispatchCustomer(g.Key, [.. g.Select(o => o.DeviceId)]))], CancellationToken.None);
        var store = new TableNotificationStore(tables);
        var webhook = new RecordingWebhook();
        var notifier = new CustomerNotifier(events, plans, store, webhook, new FakeTimeProvider(ReleasedAt));
        NotificationBatch Batch(string? until, CustomerNotificationKind kind, DateTimeOffset? at = null) => new(dispatchEvent.ProgramId, dispatchEvent.EventId, "c1", until, kind, at);

        Assert.Equal(2, await notifier.NotifyAsync(Batch("c3", CustomerNotificationKind.Notice), CancellationToken.None));
        Assert.Equal(1, await notifier.NotifyAsync(Batch(null, CustomerNotificationKind.ReleasedEarly, ReleasedAt), CancellationToken.None));
        Assert.Equal(2, await notifier.NotifyAsync(Batch(null, CustomerNotificationKind.Cancelled, ReleasedAt.AddMinutes(5)), CancellationToken.None));
        // Retried (a crash after the webhooks, before the activity's result was kept): nothing is sent again.
        Assert.Equal(0, await notifier.NotifyAsync(Batch(null, CustomerNotificationKind.ReleasedEarly, ReleasedAt), CancellationToken.None));
        Assert.Equal(0, await notifier.NotifyAsync(Batch(null, CustomerNotificationKind.Cancelled, ReleasedAt.AddMinutes(5)), CancellationToken.None));

        var id = dispatchEvent.EventId;
        Assert.Equal([$"{id}/c1", $"{id}/c2", $"{id}/c1/released-early/20260715T002000Z", $"{id}/c1/cancelled/20260715T002500Z", $"{id}/c2/cancelled/20260715T002500Z"], webhook.Keys);
        var kept = await store.ListAsync(id, CancellationToken.None);
        Assert.Equal(5, kept.Count);
        Assert.Equal(["d2"], Assert.Single(kept, n => n.Kind == CustomerNotificationKind.ReleasedEarly).DeviceIds);
        Assert.Equal(["d1", "d2"], kept.Single(n => n.Kind == CustomerNotificationKind.Notice && n.CustomerId == "c1").DeviceIds.Order());
        Assert.All(kept, n => Assert.Equal(1, n.Attempts));
        Assert.DoesNotContain(kept, n => n.CustomerId == "c3");
    }

    private sealed class RecordingWebhook : IMobileWebhook
    {
        public List<string> Keys { get; } = [];

        public Task DeliverAsync(CustomerNotification notification, CancellationToken cancellationToken)
        {
            Keys.Add(notification.Key);
            return Task.CompletedTask;
        }
    }
}
