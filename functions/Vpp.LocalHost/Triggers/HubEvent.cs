namespace Vpp.LocalHost.Triggers;

/// <summary>
/// An event in the local Event Hub, with the identity the device authenticated as. <see cref="WallTimestamp"/> is the
/// wall-clock <see cref="TimeProvider.GetTimestamp"/> at publish, for measuring ingestion lag whatever the clock speed.
/// </summary>
public sealed record HubEvent(string DeviceId, byte[] Body, long SequenceNumber, DateTimeOffset EnqueuedTime, long WallTimestamp);
