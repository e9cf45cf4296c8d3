using Azure.Data.Tables;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>Twin commands in <c>dispatchcommands</c>: PK = {eventId}|{step}, RK = deviceId, whether sent and when.</summary>
public sealed class TableDeviceCommandLedger(StorageTables tables) : IDeviceCommandLedger
{
    /// <summary>Beyond this many devices a batch reads the key range they span instead of row by row.</summary>
    private const int PointReadLimit = 20;

    public async Task<IReadOnlyDictionary<string, bool>> FindAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var found = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (deviceIds.Count <= PointReadLimit)
        {
            foreach (var deviceId in deviceIds)
            {
                if (await tables.DispatchCommands.FindAsync(Partition(eventId, commandStep), deviceId, cancellationToken) is { } row)
                {
                    found[deviceId] = row.GetBoolean("Sent") == true;
                }
            }

            return found;
        }

        // A batch's devices are a key range: read that range of the step's partition, not the whole of it.
        var wanted = deviceIds.ToHashSet(StringComparer.Ordinal);
        var first = wanted.Min(StringComparer.Ordinal)!;
        var last = wanted.Max(StringComparer.Ordinal)!;
        var range = TableRows.KeysFromTo(Partition(eventId, commandStep), first, last);
        await foreach (var row in tables.DispatchCommands.QueryAsync<TableEntity>(range, select: ["RowKey", "Sent"], cancellationToken: cancellationToken))
        {
            if (wanted.Contains(row.RowKey))
            {
                found[row.RowKey] = row.GetBoolean("Sent") == true;
            }
        }

        return found;
    }

    public Task RecordIntendedAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        tables.DispatchCommands.UpsertReplaceAllAsync(deviceIds.Select(id => new TableEntity(Partition(eventId, commandStep), id) { ["Sent"] = false, ["IntendedUtc"] = atUtc }), cancellationToken);

    public async Task RecordSentAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        foreach (var chunk in deviceIds.Chunk(TableRows.MaxBatchOperations))
        {
            await tables.DispatchCommands.SubmitTransactionAsync(
                chunk.Select(id => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(Partition(eventId, commandStep), id) { ["Sent"] = true, ["SentUtc"] = atUtc })),
                cancellationToken);
        }
    }

    public async Task<IReadOnlySet<string>> SentAsync(string eventId, DispatchStep commandStep, CancellationToken cancellationToken)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in tables.DispatchCommands.QueryAsync<TableEntity>(TableRows.Partition(Partition(eventId, commandStep)), select: ["RowKey", "Sent"], cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Sent") == true)
            {
                sent.Add(row.RowKey);
            }
        }

        return sent;
    }

    private static string Partition(string eventId, DispatchStep step) => $"{eventId}|{DispatchCommand.StepName(step)}";
}
