using System.Collections.Concurrent;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>
/// The local hub's view of desired-property changes made in this process: each device's current desired version and
/// a signal that wakes its long-poll. With it, a waiting device costs no storage reads. Only the local stand-in uses
/// it, and it is the only writer of local twins.
/// </summary>
public sealed class TwinChangeFeed
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> desiredVersions = new(StringComparer.Ordinal);

    public Task WaitAsync(string deviceId) =>
        waiters.GetOrAdd(deviceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The desired-property version last seen for the device, if any.</summary>
    public long? KnownDesiredVersion(string deviceId) => desiredVersions.TryGetValue(deviceId, out var version) ? version : null;

    public void Remember(string deviceId, long desiredVersion) =>
        desiredVersions.AddOrUpdate(deviceId, desiredVersion, (_, old) => Math.Max(old, desiredVersion));

    public void Notify(string deviceId, long desiredVersion)
    {
        Remember(deviceId, desiredVersion);
        if (waiters.TryRemove(deviceId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
