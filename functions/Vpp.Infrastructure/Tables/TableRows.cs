using Azure.Data.Tables;

namespace Vpp.Infrastructure.Tables;

/// <summary>The few table patterns every store uses, over the Azure SDK's <see cref="TableClient"/>.</summary>
internal static class TableRows
{
    /// <summary>The service's limit on operations in one entity-group transaction.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>The row, or null when there is none.</summary>
    public static async Task<TableEntity?> FindAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Upserts rows of one partition in entity-group transactions of up to 100 (each chunk all or nothing).</summary>
    public static async Task UpsertReplaceAllAsync(this TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxBatchOperations))
        {
            await table.SubmitAsync(chunk, TableTransactionActionType.UpsertReplace, cancellationToken);
        }
    }

    /// <summary>
    /// Writes rows of one partition that are usually new, in transactions of up to 100: each chunk is inserted, and only
    /// a chunk that finds one of its rows already there (a step run again) replaces them. An insert looks a row up once
    /// where an upsert looks twice, which in Azurite is a pass over the row's partition each time.
    /// </summary>
    public static async Task AddOrReplaceAllAsync(this TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxBatchOperations))
        {
            try
            {
                await table.SubmitAsync(chunk, TableTransactionActionType.Add, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                await table.SubmitAsync(chunk, TableTransactionActionType.UpsertReplace, cancellationToken);
            }
        }
    }

    /// <summary>One entity-group transaction applying <paramref name="action"/> to every row.</summary>
    private static Task<Azure.Response<IReadOnlyList<Azure.Response>>> SubmitAsync(this TableClient table, TableEntity[] rows, TableTransactionActionType action, CancellationToken cancellationToken) =>
        table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(action, r)), cancellationToken);

    /// <summary>A partition's rows keyed in [<paramref name="fromKey"/>, <paramref name="toKey"/>), or from <paramref name="fromKey"/> on.</summary>
    public static string KeyRange(string partitionKey, string fromKey, string? toKey = null) =>
        toKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {fromKey}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {fromKey} and RowKey lt {toKey}");

    /// <summary>The rows of one partition from <paramref name="firstKey"/> to <paramref name="lastKey"/>, both included: a set of rows read in one range.</summary>
    public static string KeysFromTo(string partitionKey, string firstKey, string lastKey) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {firstKey} and RowKey le {lastKey}");

    public static string Partition(string partitionKey) => TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");

    /// <summary>A whole-number column, whichever integer type wrote it.</summary>
    public static long? Int64Of(this TableEntity row, string name) => row.TryGetValue(name, out var value) ? value switch
    {
        long l => l,
        int i => i,
        _ => null,
    } : null;

    /// <summary>A number column: a whole-number double may come back from the service as an integer.</summary>
    public static double? DoubleOf(this TableEntity row, string name) => row.TryGetValue(name, out var value) ? value switch
    {
        double d => d,
        long l => l,
        int i => i,
        _ => null,
    } : null;
}
