using Microsoft.Extensions.Logging;
using Vpp.Application.Telemetry;
using Vpp.Ingestion;

namespace Vpp.LocalHost.Triggers;

/// <summary>
/// Plays the Event Hubs trigger (cardinality many) for the ingestion app: one consumer per partition reads up to
/// maxEventBatchSize events, hands them to ingestion in-process with the device identity and sequence numbers the hub
/// gave them, and checkpoints only after success, retrying with backoff otherwise (the function.json retry policy), so
/// delivery is at least once.
/// </summary>
public sealed class EventHubTriggerDriver(LocalEventHub hub, EventHubBatchSettings settings, Func<IReadOnlyList<TelemetryEvent>, CancellationToken, Task> ingest, ILogger logger)
{
    private readonly List<double> lagSeconds = [];
    private long delivered;

    /// <summary>Seconds from publish to checkpoint of every delivered event, when <see cref="RecordLag"/> is on.</summary>
    public IReadOnlyList<double> LagSeconds
    {
        get
        {
            lock (lagSeconds)
            {
                return [.. lagSeconds];
            }
        }
    }

    public bool RecordLag { get; set; }

    public long Delivered => Interlocked.Read(ref delivered);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, hub.PartitionCount).Select(p => Task.Run(() => ConsumeAsync(p, cancellationToken), CancellationToken.None)));

    private async Task ConsumeAsync(int partition, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        var partitionId = hub.PartitionId(partition);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<HubEvent> batch;
            try
            {
                batch = await hub.PeekBatchAsync(partition, settings.MaxEventBatchSize, settings.MaxWaitTime, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await ingest([.. batch.Select(e => new TelemetryEvent(e.Body, e.DeviceId, partitionId, e.SequenceNumber, e.EnqueuedTime))], cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped mid-batch: it is not checkpointed, so the next run delivers it again (at least once).
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "{Function} failed for {Count} events on partition {Partition}; retrying in {Backoff}", TelemetryIngestEndpoint.Name, batch.Count, partition, backoff);
                await Task.Delay(backoff, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 30_000));
                continue;
            }

            hub.Checkpoint(partition, batch.Count);
            Interlocked.Add(ref delivered, batch.Count);
            if (RecordLag)
            {
                lock (lagSeconds)
                {
                    lagSeconds.AddRange(batch.Select(e => TimeProvider.System.GetElapsedTime(e.WallTimestamp).TotalSeconds));
                }
            }

            backoff = TimeSpan.FromMilliseconds(200);
        }
    }
}
