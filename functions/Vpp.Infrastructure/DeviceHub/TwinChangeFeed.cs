using System.Collections.Concurrent;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>
/// Wakes the local hub's desired-property long-polls when a twin changes in this process. Only the local
/// stand-in uses it; a long-poll also re-reads the twin at its timeout, so a missed signal costs latency, not data.
/// </summary>
public sealed class TwinChangeFeed
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiters = new(StringComparer.Ordinal);

    public Task WaitAsync(string deviceId) =>
        waiters.GetOrAdd(deviceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(string deviceId)
    {
        if (waiters.TryRemove(deviceId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
