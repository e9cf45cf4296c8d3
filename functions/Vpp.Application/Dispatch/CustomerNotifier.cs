using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Tells an event's customers (those with a device in its plan, reserves too: they may be called): a notification record
/// per customer first, then the mobile backend's webhook for each not yet delivered. A batch whose webhooks did not all
/// go through fails after recording what did, so the orchestration retries it with backoff, and the retry sends only the
/// rest; a webhook that keeps failing is recorded and does not stop the event. After the notice, a change is told to the
/// customers who were told of the event: a new window or a cancellation to each, an early release to those whose
/// devices it released, about those devices.
/// </summary>
public sealed class CustomerNotifier(IDispatchEventStore events, IDispatchPlanStore plans, INotificationStore notifications, IMobileWebhook webhook, TimeProvider clock)
{
    public const int BatchSize = 200;

    public async Task<int> NotifyAsync(NotificationBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var dispatchEvent = await events.FindAsync(batch.ProgramId, batch.EventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{batch.EventId}' does not exist.");
        var customers = await plans.ListCustomersAsync(batch.EventId, batch.FromCustomerId, batch.UntilCustomerId, cancellationToken);
        var all = await notifications.ListAsync(batch.EventId, cancellationToken);
        var told = all.Where(n => n.Kind == CustomerNotificationKind.Notice).Select(n => n.CustomerId).ToHashSet(StringComparer.Ordinal);
        var known = all.Where(n => n.Kind == batch.Kind && n.ChangedUtc == batch.ChangedUtc).ToDictionary(n => n.CustomerId, StringComparer.Ordinal);
        var delivered = 0;
        var failed = new List<string>();
        foreach (var customer in customers)
        {
            var notification = known.GetValueOrDefault(customer.CustomerId);
            if (notification is null)
            {
                var deviceIds = await AboutAsync(batch, customer, told, cancellationToken);
                if (deviceIds.Count == 0)
                {
                    continue;
                }

                notification = new(dispatchEvent.EventId, dispatchEvent.ProgramId, customer.CustomerId, dispatchEvent.StartUtc, dispatchEvent.EndUtc, dispatchEvent.Message, deviceIds,
                    clock.GetUtcNow(), Kind: batch.Kind, ChangedUtc: batch.ChangedUtc);
                await notifications.SaveAsync(notification, cancellationToken);
            }

            if (notification.DeliveredUtc is not null)
            {
                continue;
            }

            try
            {
                await webhook.DeliverAsync(notification, cancellationToken);
                await notifications.SaveAsync(notification with { DeliveredUtc = clock.GetUtcNow(), Attempts = notification.Attempts + 1, LastError = null }, cancellationToken);
                delivered++;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                await notifications.SaveAsync(notification with { Attempts = notification.Attempts + 1, LastError = ex.Message }, CancellationToken.None);
                failed.Add(customer.CustomerId);
            }
        }

        return failed.Count == 0
            ? delivered
            : throw new InvalidOperationException($"The mobile backend did not take {failed.Count} notifications of event '{batch.EventId}' (first: {failed[0]}).");
    }

    /// <summary>Which of the customer's devices the batch tells them of: none when it is a change and they were not told of the event.</summary>
    private async Task<IReadOnlyList<string>> AboutAsync(NotificationBatch batch, DispatchCustomer customer, HashSet<string> told, CancellationToken cancellationToken)
    {
        if (batch.Kind == CustomerNotificationKind.Notice)
        {
            return customer.DeviceIds;
        }

        if (!told.Contains(customer.CustomerId))
        {
            return [];
        }

        if (batch.Kind != CustomerNotificationKind.ReleasedEarly)
        {
            return customer.DeviceIds;
        }

        var released = new List<string>();
        foreach (var deviceId in customer.DeviceIds)
        {
            if ((await plans.FindAssignmentAsync(batch.EventId, deviceId, cancellationToken))?.ReleasedUtc == batch.ChangedUtc)
            {
                released.Add(deviceId);
            }
        }

        return released;
    }
}
