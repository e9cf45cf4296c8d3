using Azure.Data.Tables;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Each partition's ingestion progress in <c>ingestionprogress</c>, next to the latest state it tells the age of: one row
/// per partition of the <paramref name="hub"/> (the partition key; the product has one telemetry hub).
/// </summary>
public sealed class TableIngestionProgressStore(StorageTables tables, string hub = TableIngestionProgressStore.TelemetryHub) : IIngestionProgressStore
{
    public const string TelemetryHub = "telemetry";

    public Task RecordAsync(IReadOnlyList<IngestionProgress> progress, CancellationToken cancellationToken) =>
        tables.IngestionProgress.UpsertReplaceAllAsync(progress.Select(p => new TableEntity(hub, p.PartitionId) { ["IngestedThroughUtc"] = p.IngestedThroughUtc }), cancellationToken);

    public async Task<IReadOnlyList<IngestionProgress>> ListAsync(CancellationToken cancellationToken)
    {
        var partitions = new List<IngestionProgress>();
        await foreach (var row in tables.IngestionProgress.QueryAsync<TableEntity>(r => r.PartitionKey == hub, cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset("IngestedThroughUtc") is { } through)
            {
                partitions.Add(new IngestionProgress(row.RowKey, through));
            }
        }

        return partitions;
    }
}
