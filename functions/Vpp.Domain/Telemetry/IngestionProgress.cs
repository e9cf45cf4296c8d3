namespace Vpp.Domain.Telemetry;

/// <summary>
/// How far one Event Hub partition's telemetry has been ingested: the enqueued time of the newest event of a batch
/// counted from it. Every device's messages go to one partition, in order, so a reading of a device on that partition
/// sent before this time has been counted, and one sent after may still be waiting.
/// </summary>
public sealed record IngestionProgress(string PartitionId, DateTimeOffset IngestedThroughUtc);
