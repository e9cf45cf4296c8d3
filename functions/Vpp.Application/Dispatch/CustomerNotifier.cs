using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Tells an event's customers (those with a device in its plan, reserves too: they may be called): a notification record
/// per customer first, then the mobile backend's webhook for each not yet delivered. A batch whose webhooks did not all
/// go through fails after recording what did, so the orchestration retries it with backoff, and the retry sends only the
/// rest; a webhook that keeps failing is recorded and does not stop the event.
/// </summary>
public sealed class CustomerNotifier(IDispatchEventStore events, IDispatchPlanStore plans, INotificationStore notifications, IMobileWebhook webhook, TimeProvider clock)
{
    public const int BatchSize = 200;

    public async Task<int> NotifyAsync(NotificationBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var dispatchEvent = await events.FindAsync(batch.ProgramId, batch.EventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{batch.EventId}' does not exist.");
        var customers = await plans.ListCustomersAsync(batch.EventId, batch.FromCustomerId, batch.UntilCustomerId, cancellationToken);
        var known = (await notifications.ListAsync(batch.EventId, cancellationToken)).ToDictionary(n => n.CustomerId, StringComparer.Ordinal);
        var delivered = 0;
        var failed = new List<string>();
        foreach (var customer in customers)
        {
            var notification = known.GetValueOrDefault(customer.CustomerId) ?? New(dispatchEvent, customer.CustomerId, customer.DeviceIds);
            if (notification.DeliveredUtc is not null)
            {
                continue;
            }

            if (!known.ContainsKey(customer.CustomerId))
            {
                await notifications.SaveAsync(notification, cancellationToken);
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

    private CustomerNotification New(DispatchEvent dispatchEvent, string customerId, IReadOnlyList<string> deviceIds) =>
        new(dispatchEvent.EventId, dispatchEvent.ProgramId, customerId, dispatchEvent.StartUtc, dispatchEvent.EndUtc, dispatchEvent.Message, deviceIds, clock.GetUtcNow());
}
