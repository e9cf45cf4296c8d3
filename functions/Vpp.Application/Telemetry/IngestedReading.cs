using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>A device's newest counted reading and the Event Hub partition it was ingested from.</summary>
public readonly record struct IngestedReading(DeviceRegistration Device, LatestReading Reading, string PartitionId);
