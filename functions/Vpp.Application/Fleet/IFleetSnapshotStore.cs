using Vpp.Domain.Fleet;

namespace Vpp.Application.Fleet;

public interface IFleetSnapshotStore
{
    Task SaveAsync(FleetSnapshot snapshot, CancellationToken cancellationToken);

    Task<FleetSnapshotRecord?> FindLatestAsync(string programId, CancellationToken cancellationToken);

    /// <summary>The snapshots recorded in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first.</summary>
    Task<IReadOnlyList<FleetSnapshotRecord>> ListAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
