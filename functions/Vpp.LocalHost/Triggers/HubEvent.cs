namespace Vpp.LocalHost.Triggers;

/// <summary>An event in the local Event Hub, with the identity the device authenticated as.</summary>
public sealed record HubEvent(string DeviceId, byte[] Body, long SequenceNumber, DateTimeOffset EnqueuedTime);
