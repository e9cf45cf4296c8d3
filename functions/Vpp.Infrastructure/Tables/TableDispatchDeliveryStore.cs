using System.Globalization;
using Azure.Data.Tables;
using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>Measured minutes in <c>dispatchdelivery</c>: PK = eventId, RK = the minute's end (yyyyMMddTHHmm, UTC), the minute as JSON.</summary>
public sealed class TableDispatchDeliveryStore(StorageTables tables) : IDispatchDeliveryStore
{
    public Task SaveAsync(DeliveryMinute minute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minute);
        return tables.DispatchDelivery.UpsertEntityAsync(
            new TableEntity(minute.EventId, minute.MinuteUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)) { ["Minute"] = StoredJson.Write(minute) },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryMinute>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        await StoredJson.ReadAllAsync<DeliveryMinute>(
            tables.DispatchDelivery.QueryAsync<TableEntity>(TableRows.Partition(eventId), select: ["Minute"], cancellationToken: cancellationToken), "Minute");
}
