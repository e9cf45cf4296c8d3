using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Vpp.LocalHost.Triggers;

/// <summary>
/// Plays the Event Hubs trigger (cardinality many): one consumer per partition reads up to maxEventBatchSize events,
/// invokes the handler with the host's payload shape, and checkpoints only after success, retrying with backoff
/// otherwise (the function.json retry policy), so delivery is at least once.
/// </summary>
public sealed class EventHubTriggerDriver(FunctionDefinition function, FunctionCatalog catalog, LocalEventHub hub, HandlerInvoker handler, ILogger logger)
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
        var maxBatch = catalog.Extension("eventHubs", "maxEventBatchSize")?.GetInt32() ?? 100;
        var maxWait = TimeSpan.Parse(catalog.Extension("eventHubs", "maxWaitTime")?.GetString() ?? "00:00:01", CultureInfo.InvariantCulture);
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<HubEvent> batch;
            try
            {
                batch = await hub.PeekBatchAsync(partition, maxBatch, maxWait, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var (data, metadata) = Payload(function.BindingName, hub.PartitionId(partition), batch);
            bool handled;
            try
            {
                handled = await handler.InvokeAsync(function.Name, data, metadata, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped mid-batch: it is not checkpointed, so the next run delivers it again (at least once).
                return;
            }

            if (handled)
            {
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
            else if (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("{Function} failed for {Count} events on partition {Partition}; retrying in {Backoff}", function.Name, batch.Count, partition, backoff);
                await Task.Delay(backoff, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 30_000));
            }
        }
    }

    /// <summary>The host's shape for an IoT Hub–routed batch: every array travels as a string of JSON text.</summary>
    public static (JsonObject Data, JsonObject Metadata) Payload(string bindingName, string partitionId, IReadOnlyList<HubEvent> batch)
    {
        var bodies = new JsonArray(batch.Select(e => (JsonNode)JsonValue.Create(Encoding.UTF8.GetString(e.Body))!).ToArray());
        var system = new JsonArray(batch.Select(e => (JsonNode)new JsonObject
        {
            ["iothub-connection-device-id"] = e.DeviceId,
            ["iothub-connection-auth-method"] = "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}",
            ["iothub-enqueuedtime"] = e.EnqueuedTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["iothub-message-source"] = "Telemetry",
            ["x-opt-sequence-number"] = e.SequenceNumber,
            ["SequenceNumber"] = e.SequenceNumber,
            ["EnqueuedTimeUtc"] = e.EnqueuedTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture),
        }).ToArray());
        var data = new JsonObject { [bindingName] = HandlerInvoker.AsHostString(bodies) };
        var metadata = new JsonObject
        {
            ["PartitionContext"] = new JsonObject { ["EventHubName"] = "local-telemetry", ["ConsumerGroup"] = "telemetry-ingest", ["PartitionId"] = partitionId },
            ["SequenceNumberArray"] = HandlerInvoker.AsHostString(new JsonArray(batch.Select(e => (JsonNode)e.SequenceNumber).ToArray())),
            ["EnqueuedTimeUtcArray"] = HandlerInvoker.AsHostString(new JsonArray(batch.Select(e =>
                (JsonNode)e.EnqueuedTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture)).ToArray())),
            ["SystemPropertiesArray"] = HandlerInvoker.AsHostString(system),
        };
        return (data, metadata);
    }
}
