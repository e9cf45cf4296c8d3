using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;

namespace Vpp.Application.Fleet;

/// <summary>A fleet snapshot as the API and the store show it. <see cref="SolarKw"/> is null in snapshots stored before it was recorded.</summary>
public sealed record FleetSnapshotRecord(
    string ProgramId,
    DateTimeOffset AsOf,
    int DeviceCount,
    int OnlineCount,
    double TotalPowerKw,
    double SiteNetKw,
    double? SolarKw,
    FlexibilityRecord Flexibility,
    IReadOnlyDictionary<string, FleetTypeRecord> ByType,
    int OptedOutCount = 0)
{
    public static FleetSnapshotRecord From(FleetSnapshot s) => new(
        s.ProgramId,
        s.AsOf,
        s.DeviceCount,
        s.OnlineCount,
        Math.Round(s.TotalPowerKw, 3),
        Math.Round(s.SiteNetKw, 3),
        Math.Round(s.SolarKw, 3),
        FlexibilityRecord.From(s.Flexibility),
        s.ByType.ToDictionary(
            t => t.Key.ToWire(),
            t => new FleetTypeRecord(t.Value.Online, t.Value.Offline, t.Value.NeverReported, Math.Round(t.Value.PowerKw, 3), FlexibilityRecord.From(t.Value.Flexibility), t.Value.OptedOut)),
        s.OptedOutCount);
}
