using Vpp.Domain.Devices;

namespace Vpp.Domain.Fleet;

/// <summary>
/// A program's fleet at one instant: devices by type and status, the devices' own power, the homes' net power at their
/// meters (a device's own power where its home reports no meter reading), their rooftop solar output, and flexibility.
/// </summary>
public sealed record FleetSnapshot(
    string ProgramId,
    DateTimeOffset AsOf,
    IReadOnlyDictionary<DeviceType, FleetTypeSummary> ByType,
    double TotalPowerKw,
    double SiteNetKw,
    double SolarKw,
    Flexibility Flexibility)
{
    public int DeviceCount => ByType.Values.Sum(t => t.Online + t.Offline + t.NeverReported);

    public int OnlineCount => ByType.Values.Sum(t => t.Online);

    public int OptedOutCount => ByType.Values.Sum(t => t.OptedOut);

    /// <summary>
    /// Builds the snapshot; a device is online when it reported within three of its intervals before the time
    /// <paramref name="watermark"/> judges it at (now unless given). Devices in
    /// <paramref name="optedOut"/> are out of the program's control now: their power counts, their flexibility does not.
    /// </summary>
    public static FleetSnapshot Compute(string programId, DateTimeOffset now, IEnumerable<FleetDevice> devices, IReadOnlySet<string>? optedOut = null, IngestionWatermark? watermark = null)
    {
        var byType = Enum.GetValues<DeviceType>().ToDictionary(t => t, _ => new FleetTypeSummary());
        var total = 0.0;
        var siteNet = 0.0;
        var solar = 0.0;
        var flexibility = Flexibility.None;
        watermark ??= IngestionWatermark.None(now);
        foreach (var device in devices)
        {
            var summary = byType[device.Registration.Type];
            switch (watermark.StatusOf(device))
            {
                case DeviceStatus.NeverReported:
                    summary.NeverReported++;
                    break;
                case DeviceStatus.Offline:
                    summary.Offline++;
                    break;
                default:
                    summary.Online++;
                    var latest = device.Latest!.Value;
                    summary.PowerKw += latest.PowerKw;
                    total += latest.PowerKw;
                    siteNet += latest.SiteNetKw ?? latest.PowerKw;
                    solar += latest.SolarKw ?? 0;
                    if (optedOut?.Contains(device.Registration.DeviceId) == true)
                    {
                        summary.OptedOut++;
                        break;
                    }

                    var f = FlexibilityCalculator.For(device.Registration, latest);
                    summary.Flexibility += f;
                    flexibility += f;
                    break;
            }
        }

        return new FleetSnapshot(programId, now, byType, total, siteNet, solar, flexibility);
    }

    /// <summary>
    /// Online while the last report arrived within three reporting intervals. A reading's timestamp is the start of
    /// its interval, so the report itself was sent one interval later.
    /// </summary>
    public static DeviceStatus StatusOf(FleetDevice device, DateTimeOffset now)
    {
        if (device.Latest is not { } latest)
        {
            return DeviceStatus.NeverReported;
        }

        var interval = TimeSpan.FromSeconds(latest.IntervalSeconds);
        var reportedAt = latest.Timestamp + interval;
        return now - reportedAt <= 3 * interval ? DeviceStatus.Online : DeviceStatus.Offline;
    }
}
