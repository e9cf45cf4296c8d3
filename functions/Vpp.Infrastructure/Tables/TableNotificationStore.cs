using System.Globalization;
using Azure.Data.Tables;
using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Customer notifications in <c>dispatchnotifications</c>: PK = eventId, RK = customerId for the notice and
/// customerId~kind~instant for a later change, the notification as JSON.
/// </summary>
public sealed class TableNotificationStore(StorageTables tables) : INotificationStore
{
    public async Task<IReadOnlyList<CustomerNotification>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        await StoredJson.ReadAllAsync<CustomerNotification>(
            tables.DispatchNotifications.QueryAsync<TableEntity>(TableRows.Partition(eventId), select: ["Notification"], cancellationToken: cancellationToken), "Notification");

    public Task SaveAsync(CustomerNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return tables.DispatchNotifications.UpsertEntityAsync(
            new TableEntity(notification.EventId, RowKey(notification)) { ["Notification"] = StoredJson.Write(notification) }, TableUpdateMode.Replace, cancellationToken);
    }

    private static string RowKey(CustomerNotification notification) => notification.Kind == CustomerNotificationKind.Notice
        ? notification.CustomerId
        : string.Create(CultureInfo.InvariantCulture, $"{notification.CustomerId}~{CustomerNotification.NameOf(notification.Kind)}~{notification.ChangedUtc?.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}");
}
