using Azure.Data.Tables;
using Vpp.Application.Fleet;
using Vpp.Domain.Fleet;

namespace Vpp.Infrastructure.Tables;

/// <summary>Program aggregates: the latest snapshot, plus one row per minute for history.</summary>
public sealed class TableFleetSnapshotStore(StorageTables tables) : IFleetSnapshotStore
{
    public async Task SaveAsync(FleetSnapshot snapshot, CancellationToken cancellationToken)
    {
        var json = StoredJson.Write(FleetSnapshotRecord.From(snapshot));
        var minute = TimeKey.Of(snapshot.AsOf);
        await tables.FleetSnapshots.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(snapshot.ProgramId, "latest") { ["Snapshot"] = json, ["AsOf"] = snapshot.AsOf }),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(snapshot.ProgramId, minute) { ["Snapshot"] = json, ["AsOf"] = snapshot.AsOf }),
            ],
            cancellationToken);
    }

    public async Task<FleetSnapshotRecord?> FindLatestAsync(string programId, CancellationToken cancellationToken)
    {
        var row = await tables.FleetSnapshots.FindAsync(programId, "latest", cancellationToken);
        return StoredJson.Read<FleetSnapshotRecord>(row?.GetString("Snapshot"));
    }

    /// <remarks>Minute keys sort before "latest", so the range holds snapshots only.</remarks>
    public Task<IReadOnlyList<FleetSnapshotRecord>> ListAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
        StoredJson.ReadAllAsync<FleetSnapshotRecord>(tables.FleetSnapshots.QueryAsync<TableEntity>(TimeKey.Range(programId, fromUtc, toUtc), select: ["Snapshot"], cancellationToken: cancellationToken), "Snapshot");
}
