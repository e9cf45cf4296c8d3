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
    private readonly Dictionary<string, LatestReading> latest = new(StringComparer.Ordinal);
    private readonly Lock latestGate = new();

    public Task SaveAsync(DeviceRegistration registration, CancellationToken cancellationToken)
    {
        registrations[registration.DeviceId] = registration;
        return Task.CompletedTask;
    }

    public Task<DeviceRegistration?> FindAsync(string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(registrations.GetValueOrDefault(deviceId));

    public Task<FleetDevice?> FindFleetDeviceAsync(string programId, string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(registrations.TryGetValue(deviceId, out var r) && r.ProgramId == programId ? new FleetDevice(r, LatestOf(deviceId)) : null);

    public Task<IReadOnlyList<FleetDevice>> ListFleetAsync(string programId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FleetDevice>>(registrations.Values.Where(r => r.ProgramId == programId)
            .Select(r => new FleetDevice(r, LatestOf(r.DeviceId))).ToList());

    public Task UpdateAsync(IReadOnlyList<(DeviceRegistration Device, LatestReading Reading)> readings, CancellationToken cancellationToken)
    {
        lock (latestGate)
        {
            foreach (var (device, reading) in readings)
            {
                ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(latest, device.DeviceId, out var exists);
                if (!exists || (reading.Timestamp, reading.Sequence).CompareTo((kept.Timestamp, kept.Sequence)) > 0)
                {
                    kept = reading;
                }
            }
        }

        return Task.CompletedTask;
    }

    private LatestReading? LatestOf(string deviceId)
    {
        lock (latestGate)
        {
            return latest.TryGetValue(deviceId, out var reading) ? reading : null;
        }
    }
}
