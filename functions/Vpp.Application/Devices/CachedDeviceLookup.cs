using System.Collections.Concurrent;
using Vpp.Domain.Devices;

namespace Vpp.Application.Devices;

/// <summary>
/// Registration lookups for the ingestion hot path: a per-instance read cache with a short lifetime, so a
/// newly enrolled device is accepted within <see cref="Lifetime"/> and no instance needs to share state.
/// </summary>
public sealed class CachedDeviceLookup(IDeviceRegistry registry)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (DeviceRegistration? Registration, DateTimeOffset Expires)> cache = new(StringComparer.Ordinal);

    /// <summary>As of <paramref name="now"/>: a batch reads the clock once, not once per message.</summary>
    public ValueTask<DeviceRegistration?> FindAsync(string deviceId, DateTimeOffset now, CancellationToken cancellationToken) =>
        cache.TryGetValue(deviceId, out var hit) && hit.Expires > now
            ? ValueTask.FromResult(hit.Registration)
            : FindInRegistryAsync(deviceId, now, cancellationToken);

    // Apart from the hit above, so a hit (nearly every message) runs no async state machine.
    private async ValueTask<DeviceRegistration?> FindInRegistryAsync(string deviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var registration = await registry.FindAsync(deviceId, cancellationToken);
        cache[deviceId] = (registration, now + Lifetime);
        return registration;
    }
}
