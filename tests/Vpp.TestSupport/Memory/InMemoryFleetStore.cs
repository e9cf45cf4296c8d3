using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Vpp.Application.Devices;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Telemetry;

namespace Vpp.TestSupport.Memory;

/// <summary>Registrations and latest readings in memory, for benchmarks and tests.</summary>
public sealed class InMemoryFleetStore : IDeviceRegistry, ILatestStateStore
{
    private readonly ConcurrentDictionary<string, DeviceRegistration> registrations = new(StringComparer.Ordinal);
    // Readings are values: a dictionary under a lock replaces one in place, where a concurrent one allocates a node per update.
    private readonly Dictionary<string, (LatestReading Reading, string PartitionId)> latest = new(StringComparer.Ordinal);
    private readonly Lock latestGate = new();

    public Task SaveAsync(DeviceRegistration registration, CancellationToken cancellationToken)
    {
        registrations[registration.DeviceId] = registration;
        return Task.CompletedTask;
    }

    public Task<DeviceRegistration?> FindAsync(string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(registrations.GetValueOrDefault(deviceId));

    public Task<FleetDevice?> FindFleetDeviceAsync(string programId, string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(registrations.TryGetValue(deviceId, out var r) && r.ProgramId == programId ? FleetDeviceOf(r) : null);

    public Task<IReadOnlyList<FleetDevice>> ListFleetAsync(string programId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FleetDevice>>(registrations.Values.Where(r => r.ProgramId == programId)
            .Select(FleetDeviceOf).ToList());

    public Task UpdateAsync(IReadOnlyList<IngestedReading> readings, CancellationToken cancellationToken)
    {
        lock (latestGate)
        {
            foreach (var (device, reading, partitionId) in readings)
            {
                ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(latest, device.DeviceId, out var exists);
                if (!exists || (reading.Timestamp, reading.Sequence).CompareTo((kept.Reading.Timestamp, kept.Reading.Sequence)) > 0)
                {
                    kept = (reading, partitionId);
                }
            }
        }

        return Task.CompletedTask;
    }

    private FleetDevice FleetDeviceOf(DeviceRegistration registration)
    {
        lock (latestGate)
        {
            return latest.TryGetValue(registration.DeviceId, out var kept) ? new FleetDevice(registration, kept.Reading, kept.PartitionId) : new FleetDevice(registration, null);
        }
    }
}
