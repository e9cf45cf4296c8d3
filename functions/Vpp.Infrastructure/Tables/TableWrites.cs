using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tables;

internal static class TableWrites
{
    /// <summary>Upserts rows of one partition in entity-group transactions of up to 100 (each chunk all or nothing).</summary>
    public static async Task UpsertReplaceAllAsync(this TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(TableClient.MaxBatchOperations))
        {
            await table.SubmitTransactionAsync([.. chunk.Select(TableOperation.UpsertReplace)], cancellationToken);
        }
    }
}
