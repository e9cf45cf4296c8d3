using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Fleet;

/// <summary>
/// The time devices' online status is judged at (<see cref="FleetSnapshot.StatusOf"/>). A device is offline when it has
/// not been heard from; while ingestion is behind, a device whose reports wait in its partition has reported but not yet
/// been heard, and judging it at the wall clock would take a backlog for a dark fleet. So status is judged at the time
/// through which every partition in use has been ingested (the oldest of their progress), never later than now. A
/// partition whose progress is more than <see cref="MaxLag"/> old is idle or stopped: it does not hold the others back,
/// and its devices, judged with the rest, are as offline as their readings say. Readings older than that are too stale
/// to plan from, so status is never judged earlier than <see cref="MaxLag"/> before now.
/// </summary>
public static class IngestionWatermark
{
    public static readonly TimeSpan MaxLag = TimeSpan.FromMinutes(10);

    public static DateTimeOffset StatusTime(IEnumerable<IngestionProgress> partitions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var statusTime = now;
        foreach (var partition in partitions)
        {
            if (partition.IngestedThroughUtc >= now - MaxLag && partition.IngestedThroughUtc < statusTime)
            {
                statusTime = partition.IngestedThroughUtc;
            }
        }

        return statusTime;
    }
}
