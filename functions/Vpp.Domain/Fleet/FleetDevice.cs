using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Fleet;

/// <summary>A registered device with its latest reading, as the fleet view needs it.</summary>
public sealed record FleetDevice(DeviceRegistration Registration, LatestReading? Latest);
