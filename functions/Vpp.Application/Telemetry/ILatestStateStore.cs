using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

public interface ILatestStateStore
{
    /// <summary>Records each device's newest reading (callers pass only readings newer than what was stored).</summary>
    Task UpdateAsync(IReadOnlyList<(DeviceRegistration Device, LatestReading Reading)> readings, CancellationToken cancellationToken);
}
