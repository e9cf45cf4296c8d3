namespace Vpp.Application.Dispatch;

/// <summary>The mobile backend's webhook, which pushes notifications to customers' phones.</summary>
public interface IMobileWebhook
{
    /// <summary>Delivers the notification (signed, with its idempotency key); throws when the backend did not take it.</summary>
    Task DeliverAsync(CustomerNotification notification, CancellationToken cancellationToken);
}
