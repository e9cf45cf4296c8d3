namespace Vpp.LocalHost.Triggers;

/// <summary>
/// The local stand-in for the Event Hub IoT Hub routes telemetry to: partitions keyed by device, per-partition
/// sequence numbers, bounded so a slow consumer pushes back on devices (IoT Hub throttles the same way).
/// Events stay in a partition until the consumer checkpoints past them, so a failed batch is delivered again.
/// </summary>
public sealed class LocalEventHub(int partitionCount = 4, int capacityPerPartition = 200_000)
{
    private readonly Partition[] partitions = Enumerable.Range(0, partitionCount).Select(i => new Partition(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    public int PartitionCount => partitions.Length;

    public long Published => partitions.Sum(p => Volatile.Read(ref p.NextSequence));

    public long Pending => partitions.Sum(p => p.Count);

    /// <summary>Appends an event for the authenticated device; false when the partition is full (caller answers 429).</summary>
    public bool TryPublish(string deviceId, byte[] body, DateTimeOffset enqueued) => TryPublish(deviceId, [body], enqueued);

    /// <summary>
    /// Appends one device send (a single message or an IoT Hub batch) as a contiguous run, all or nothing;
    /// false when the partition has no room for all of it (the caller answers 429 and the device retries).
    /// </summary>
    public bool TryPublish(string deviceId, IReadOnlyList<byte[]> bodies, DateTimeOffset enqueued)
    {
        var partition = partitions[(int)((uint)StringComparer.Ordinal.GetHashCode(deviceId) % (uint)partitions.Length)];
        lock (partition)
        {
            if (partition.Events.Count + bodies.Count > capacityPerPartition)
            {
                return false;
            }

            var now = TimeProvider.System.GetTimestamp();
            foreach (var body in bodies)
            {
                partition.Events.Enqueue(new HubEvent(deviceId, body, partition.NextSequence++, enqueued, now));
            }

            partition.Signal.TrySetResult();
            return true;
        }
    }

    public string PartitionId(int index) => partitions[index].Id;

    /// <summary>Up to <paramref name="max"/> events from the partition's checkpoint, without removing them.</summary>
    public async Task<IReadOnlyList<HubEvent>> PeekBatchAsync(int index, int max, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var partition = partitions[index];
        Task signal;
        lock (partition)
        {
            if (partition.Events.Count > 0)
            {
                return partition.Events.Take(max).ToList();
            }

            if (partition.Signal.Task.IsCompleted)
            {
                partition.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            signal = partition.Signal.Task;
        }

        await Task.WhenAny(signal, Task.Delay(maxWait, cancellationToken));
        lock (partition)
        {
            return partition.Events.Take(max).ToList();
        }
    }

    /// <summary>Checkpoint: the first <paramref name="count"/> events were processed.</summary>
    public void Checkpoint(int index, int count)
    {
        var partition = partitions[index];
        lock (partition)
        {
            for (var i = 0; i < count; i++)
            {
                partition.Events.Dequeue();
            }
        }
    }

    private sealed class Partition(string id)
    {
        public string Id { get; } = id;

        public Queue<HubEvent> Events { get; } = new();

        public long NextSequence;

        public TaskCompletionSource Signal { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count
        {
            get
            {
                lock (this)
                {
                    return Events.Count;
                }
            }
        }
    }
}
