using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Notifications;

/// <summary>Where no mobile backend is configured (the local stack): the notification records are all customers get.</summary>
public sealed class RecordOnlyMobileWebhook : IMobileWebhook
{
    public Task DeliverAsync(CustomerNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
}
