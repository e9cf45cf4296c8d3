namespace Vpp.Domain.Fleet;

public enum DeviceStatus
{
    /// <summary>Telemetry within the last three reporting intervals.</summary>
    Online,
    Offline,
    /// <summary>Registered but never reported.</summary>
    NeverReported,
}
