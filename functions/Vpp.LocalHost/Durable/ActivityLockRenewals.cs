using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Vpp.LocalHost.Durable;

/// <summary>
/// Keeps the queue message of each running activity invisible until the activity is completed or abandoned, as the
/// Durable Task Framework's own dispatcher does and the sidecar's does not: without it an activity that ran longer than
/// the queue's visibility timeout (20 s locally) was taken again while it still ran, and the first run's completion then
/// failed on a stale pop receipt. A message is held at most <see cref="MaxHold"/>: a work item the worker never answers
/// comes back after that, as the provider would return it after a crash.
/// </summary>
public sealed class ActivityLockRenewals(Func<TaskActivityWorkItem, Task<TaskActivityWorkItem>> renew, TimeProvider time, ILogger log)
{
    /// <summary>Longer than any activity of the product runs, short enough that a lost work item does not wait for ever.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromMinutes(15);

    /// <summary>Renewals no closer together than this, however short the lock.</summary>
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Renewal> running = new(StringComparer.Ordinal);

    /// <summary>Starts renewing the work item's lock; an item with no lock to keep (locked for ever) is left alone.</summary>
    public void Start(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (workItem.LockedUntilUtc == DateTime.MaxValue)
        {
            return;
        }

        var stop = new CancellationTokenSource();
        running[workItem.Id] = new Renewal(stop, RenewUntilStoppedAsync(workItem, stop.Token));
    }

    /// <summary>Stops renewing and waits for a renewal under way: the caller is about to use the message's receipt.</summary>
    public Task StopAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return StopAsync(workItem.Id);
    }

    /// <summary>Stops every renewal (the service stops: what still runs comes back after the visibility timeout).</summary>
    public Task StopAllAsync() => Task.WhenAll(running.Keys.Select(StopAsync));

    private async Task StopAsync(string workItemId)
    {
        if (running.TryRemove(workItemId, out var renewal))
        {
            await renewal.Stop.CancelAsync();
            await renewal.Loop;
            renewal.Stop.Dispose();
        }
    }

    private async Task RenewUntilStoppedAsync(TaskActivityWorkItem workItem, CancellationToken stop)
    {
        var held = time.GetTimestamp();
        try
        {
            while (time.GetElapsedTime(held) < MaxHold)
            {
                // Halfway to the lock's end: a renewal that meets a busy Azurite still lands in time.
                var left = workItem.LockedUntilUtc - time.GetUtcNow().UtcDateTime;
                await Task.Delay(left / 2 > ShortestWait ? left / 2 : ShortestWait, time, stop);
                workItem.LockedUntilUtc = (await renew(workItem)).LockedUntilUtc;
                if (workItem.LockedUntilUtc <= time.GetUtcNow().UtcDateTime)
                {
                    // The provider no longer holds the message (it expires the work item it has forgotten).
                    return;
                }
            }

            log.LogWarning("Activity work item {WorkItem} ran {Minutes:0} minutes without an answer from the worker: its message is no longer held and will be taken again", workItem.Id, MaxHold.TotalMinutes);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception failed) when (failed is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // The message may then be taken again while the activity runs: activities are at-least-once, and their effects
            // carry idempotency keys.
            log.LogWarning(failed, "Renewing the lock of activity work item {WorkItem} failed: its message may be taken again", workItem.Id);
        }
    }

    private sealed record Renewal(CancellationTokenSource Stop, Task Loop);
}
