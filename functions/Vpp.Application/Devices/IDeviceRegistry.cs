using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;

namespace Vpp.Application.Devices;

/// <summary>Enrolled devices and their latest readings.</summary>
public interface IDeviceRegistry
{
    Task SaveAsync(DeviceRegistration registration, CancellationToken cancellationToken);

    Task<DeviceRegistration?> FindAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>One device of the program with its latest reading.</summary>
    Task<FleetDevice?> FindFleetDeviceAsync(string programId, string deviceId, CancellationToken cancellationToken);

    /// <summary>Every device of the program with its latest reading.</summary>
    Task<IReadOnlyList<FleetDevice>> ListFleetAsync(string programId, CancellationToken cancellationToken);
}
