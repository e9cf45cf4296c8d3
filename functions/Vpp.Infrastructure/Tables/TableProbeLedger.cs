using Azure;
using Azure.Data.Tables;
using Vpp.Application.Diagnostics;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Probe steps in <see cref="StorageTables.DurableProbes"/>: the first attempt inserts the row (the key is the
/// idempotency key), later ones only count themselves on it, under its ETag.
/// </summary>
public sealed class TableProbeLedger(StorageTables tables) : IProbeLedger
{
    private const string Attempts = "Attempts";

    public async Task<bool> RecordAsync(ProbeStep probeStep, CancellationToken cancellationToken)
    {
        try
        {
            await tables.DurableProbes.AddEntityAsync(new TableEntity(probeStep.ProbeId, probeStep.Step) { [Attempts] = 1 }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            while (true)
            {
                var row = (await tables.DurableProbes.GetEntityAsync<TableEntity>(probeStep.ProbeId, probeStep.Step, cancellationToken: cancellationToken)).Value;
                row[Attempts] = (row.GetInt32(Attempts) ?? 1) + 1;
                try
                {
                    await tables.DurableProbes.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                    return false;
                }
                catch (RequestFailedException conflict) when (conflict.Status == 412)
                {
                    // Another attempt counted itself first: read again.
                }
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, int>> StepsAsync(string probeId, CancellationToken cancellationToken)
    {
        var steps = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in tables.DurableProbes.QueryAsync<TableEntity>(TableRows.Partition(probeId), cancellationToken: cancellationToken))
        {
            steps[row.RowKey] = row.GetInt32(Attempts) ?? 1;
        }

        return steps;
    }
}
