using Vpp.Domain.Fleet;

namespace Vpp.Application.Fleet;

public interface IFleetSnapshotStore
{
    Task SaveAsync(FleetSnapshot snapshot, CancellationToken cancellationToken);

    Task<FleetSnapshotRecord?> FindLatestAsync(string programId, CancellationToken cancellationToken);
}
