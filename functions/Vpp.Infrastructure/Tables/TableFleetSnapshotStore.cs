using Vpp.Application.Fleet;
using Vpp.Domain.Fleet;
using Vpp.Infrastructure.Storage;

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
                TableOperation.UpsertReplace(new TableEntity(snapshot.ProgramId, "latest") { ["Snapshot"] = json, ["AsOf"] = snapshot.AsOf }),
                TableOperation.UpsertReplace(new TableEntity(snapshot.ProgramId, minute) { ["Snapshot"] = json, ["AsOf"] = snapshot.AsOf }),
            ],
            cancellationToken);
    }

    public async Task<FleetSnapshotRecord?> FindLatestAsync(string programId, CancellationToken cancellationToken)
    {
        var row = await tables.FleetSnapshots.GetAsync(programId, "latest", cancellationToken);
        return StoredJson.Read<FleetSnapshotRecord>(row?.GetString("Snapshot"));
    }

    /// <remarks>Minute keys sort before "latest", so the range holds snapshots only.</remarks>
    public Task<IReadOnlyList<FleetSnapshotRecord>> ListAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
        StoredJson.ReadAllAsync<FleetSnapshotRecord>(tables.FleetSnapshots.QueryAsync(TimeKey.Range(programId, fromUtc, toUtc, ["Snapshot"]), cancellationToken), "Snapshot");
}
