namespace Vpp.Application.Telemetry;

/// <summary>
/// One event as the Event Hub trigger delivers it. <see cref="DeviceId"/> comes from IoT Hub's system property
/// <c>iothub-connection-device-id</c>, set from the device's authenticated connection, never from the body.
/// </summary>
public sealed record TelemetryEvent(
    ReadOnlyMemory<byte> Body,
    string? DeviceId,
    string PartitionId,
    long EventSequenceNumber,
    DateTimeOffset EnqueuedTime);
