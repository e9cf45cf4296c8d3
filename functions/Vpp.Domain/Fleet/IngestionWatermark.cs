using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Fleet;

/// <summary>
/// Where ingestion has got to, per Event Hub partition, at one instant: the time each device's online status is judged at
/// (<see cref="FleetSnapshot.StatusOf"/>). A device is offline when it has not been heard from; while its partition is
/// behind, its reports wait there, and judging it at the wall clock would take a backlog for a dark fleet. So a device is
/// judged at its own partition's progress, never later than now. A partition whose progress is more than
/// <see cref="MaxLag"/> old is idle or stopped: its devices are judged now, as offline as their readings say (readings
/// older than that are too stale to plan from anyway). A device whose partition is not known (its reading stored by a
/// release that did not record it) is judged at the oldest progress of the partitions in use, as the whole fleet was then.
/// </summary>
public sealed class IngestionWatermark
{
    public static readonly TimeSpan MaxLag = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, DateTimeOffset> byPartition;

    private IngestionWatermark(DateTimeOffset now, Dictionary<string, DateTimeOffset> byPartition, DateTimeOffset oldest)
    {
        Now = now;
        this.byPartition = byPartition;
        Oldest = oldest;
    }

    public DateTimeOffset Now { get; }

    /// <summary>The oldest progress among the partitions in use (within <see cref="MaxLag"/>), never later than now.</summary>
    public DateTimeOffset Oldest { get; }

    /// <summary>Ingestion's progress as stored at <paramref name="now"/>.</summary>
    public static IngestionWatermark At(IEnumerable<IngestionProgress> partitions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var byPartition = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var oldest = now;
        foreach (var partition in partitions)
        {
            var inUse = partition.IngestedThroughUtc >= now - MaxLag;
            var statusTime = inUse && partition.IngestedThroughUtc < now ? partition.IngestedThroughUtc : now;
            byPartition[partition.PartitionId] = statusTime;
            if (statusTime < oldest)
            {
                oldest = statusTime;
            }
        }

        return new IngestionWatermark(now, byPartition, oldest);
    }

    /// <summary>No progress known: every device is judged at the clock.</summary>
    public static IngestionWatermark None(DateTimeOffset now) => At([], now);

    /// <summary>The time this device's status is judged at.</summary>
    public DateTimeOffset StatusTimeOf(FleetDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.IngestedFromPartition is not { } partition ? Oldest : byPartition.GetValueOrDefault(partition, Now);
    }

    public DeviceStatus StatusOf(FleetDevice device) => FleetSnapshot.StatusOf(device, StatusTimeOf(device));
}
