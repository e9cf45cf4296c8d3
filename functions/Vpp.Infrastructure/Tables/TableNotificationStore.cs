using Azure.Data.Tables;
using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>Customer notifications in <c>dispatchnotifications</c>: PK = eventId, RK = customerId, the notification as JSON.</summary>
public sealed class TableNotificationStore(StorageTables tables) : INotificationStore
{
    public async Task<IReadOnlyList<CustomerNotification>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        await StoredJson.ReadAllAsync<CustomerNotification>(
            tables.DispatchNotifications.QueryAsync<TableEntity>(TableRows.Partition(eventId), select: ["Notification"], cancellationToken: cancellationToken), "Notification");

    public Task SaveAsync(CustomerNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return tables.DispatchNotifications.UpsertEntityAsync(
            new TableEntity(notification.EventId, notification.CustomerId) { ["Notification"] = StoredJson.Write(notification) }, TableUpdateMode.Replace, cancellationToken);
    }
}
