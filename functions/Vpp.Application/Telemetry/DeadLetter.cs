using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>A message that was not counted, kept with the reason so it can be inspected and replayed.</summary>
public sealed record DeadLetter(
    string PartitionId,
    long EventSequenceNumber,
    string? DeviceId,
    RejectionReason Reason,
    string Detail,
    DateTimeOffset EnqueuedTime,
    ReadOnlyMemory<byte> Body);
