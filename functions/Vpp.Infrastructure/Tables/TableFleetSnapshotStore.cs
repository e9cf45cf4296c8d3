using System.Globalization;
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
        var minute = snapshot.AsOf.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
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
}
