using Azure;
using Azure.Data.Tables;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Dispatch events in <c>dispatchevents</c>: PK = programId, RK = eventId, the start as a DateTime property (for the
/// window queries), the history length as the event's version, and the event as JSON. A change replaces the row under
/// the ETag it was read with, and only while the stored version is the one the change started from.
/// </summary>
public sealed class TableDispatchEventStore(StorageTables tables) : IDispatchEventStore
{
    public async Task<bool> AddAsync(DispatchEvent created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(created);
        try
        {
            await tables.DispatchEvents.AddEntityAsync(Row(created), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> ReplaceAsync(DispatchEvent read, DispatchEvent changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(changed);
        if (await tables.DispatchEvents.FindAsync(read.ProgramId, read.EventId, cancellationToken) is not { } row || row.GetInt32("Version") != read.History.Count)
        {
            return false;
        }

        try
        {
            await tables.DispatchEvents.UpdateEntityAsync(Row(changed), row.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task<DispatchEvent?> FindAsync(string programId, string eventId, CancellationToken cancellationToken) =>
        await tables.DispatchEvents.FindAsync(programId, eventId, cancellationToken) is { } row ? StoredJson.Read<DispatchEvent>(row.GetString("Event")) : null;

    public async Task<IReadOnlyList<DispatchEvent>> ListStartingAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
    [
        .. (await StoredJson.ReadAllAsync<DispatchEvent>(
            tables.DispatchEvents.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {programId} and StartUtc ge {fromUtc} and StartUtc lt {toUtc}"), select: ["Event"], cancellationToken: cancellationToken),
            "Event")).OrderBy(e => e.StartUtc),
    ];

    private static TableEntity Row(DispatchEvent e) => new(e.ProgramId, e.EventId)
    {
        ["StartUtc"] = e.StartUtc,
        ["Version"] = e.History.Count,
        ["Event"] = StoredJson.Write(e),
    };
}
