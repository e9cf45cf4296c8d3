namespace Vpp.Application.Dispatch;

/// <summary>Every customer notification of every event.</summary>
public interface INotificationStore
{
    Task<IReadOnlyList<CustomerNotification>> ListAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Stores the notification, replacing the customer's earlier one for the event.</summary>
    Task SaveAsync(CustomerNotification notification, CancellationToken cancellationToken);
}
