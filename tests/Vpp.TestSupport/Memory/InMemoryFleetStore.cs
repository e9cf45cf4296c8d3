using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, LatestReading> latest = new(StringComparer.Ordinal);

    public Task SaveAsync(DeviceRegistration registration, CancellationToken cancellationToken)
    {
        registrations[registration.DeviceId] = registration;
        return Task.CompletedTask;
    }

    public Task<DeviceRegistration?> FindAsync(string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(registrations.GetValueOrDefault(deviceId));

    public Task<FleetDevice?> FindFleetDeviceAsync(string programId, string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(registrations.TryGetValue(deviceId, out var r) && r.ProgramId == programId ? new FleetDevice(r, latest.GetValueOrDefault(deviceId)) : null);

    public Task<IReadOnlyList<FleetDevice>> ListFleetAsync(string programId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FleetDevice>>(registrations.Values.Where(r => r.ProgramId == programId)
            .Select(r => new FleetDevice(r, latest.GetValueOrDefault(r.DeviceId))).ToList());

    public Task UpdateAsync(IReadOnlyList<(DeviceRegistration Device, LatestReading Reading)> readings, CancellationToken cancellationToken)
    {
        foreach (var (device, reading) in readings)
        {
            latest.AddOrUpdate(
                device.DeviceId,
                static (_, r) => r,
                static (_, old, r) => (r.Timestamp, r.Sequence).CompareTo((old.Timestamp, old.Sequence)) > 0 ? r : old,
                reading);
        }

        return Task.CompletedTask;
    }
}
