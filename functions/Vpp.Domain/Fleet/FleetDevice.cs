using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Fleet;

/// <summary>
/// A registered device with its latest reading, as the fleet view needs it, and the Event Hub partition that reading was
/// ingested from (null where a release before it was recorded stored the reading): the device's status is judged at
/// where that partition's ingestion has got to (<see cref="IngestionWatermark"/>).
/// </summary>
public sealed record FleetDevice(DeviceRegistration Registration, LatestReading? Latest, string? IngestedFromPartition = null);
