using Vpp.Application.Fleet;

namespace Vpp.Application.Forecasting;

/// <summary>
/// One hour of a program's history, averaged from the fleet snapshots recorded in it: the homes' net load, their
/// rooftop solar output (NaN when no snapshot in the hour recorded it) and each device type's flexibility. It is what
/// the forecaster learns from. <see cref="DispatchShiftKw"/> is what pushed plans moved the load by while they steered
/// the devices (none when no plan did): the devices' measured power less what the plan in force expected them to draw
/// undispatched, so that <see cref="UndispatchedNetKw"/> is the load a baseline forecast is about.
/// </summary>
public sealed record ProgramHour(DateTimeOffset HourStartUtc, int Snapshots, double SiteNetKw, double SolarKw, IReadOnlyDictionary<string, FlexibilityRecord> FlexibilityByType,
    double? DispatchShiftKw = null)
{
    public double UndispatchedNetKw => SiteNetKw - (DispatchShiftKw ?? 0);

    /// <summary>
    /// A snapshot in which fewer than this share of the devices that have ever reported were online says more about the
    /// telemetry path (an ingestion outage, a restart) than about the homes.
    /// </summary>
    public const double MinOnlineShare = 0.5;

    /// <summary>
    /// The hour's mean of its representative snapshots; null for an hour without any. The homes' load and solar are
    /// scaled from the online devices to every device that has reported (the online homes stand for the offline ones,
    /// so a device dropping off the network is not a drop in load); flexibility is not, because an offline device
    /// cannot be commanded. <paramref name="steeredDeviceBaselineKw"/> gives, at a snapshot's time, what the devices a
    /// pushed plan was steering would have drawn undispatched (none when no plan was); the shift is scaled as the load is.
    /// </summary>
    public static ProgramHour? Average(DateTimeOffset hourStartUtc, IReadOnlyList<FleetSnapshotRecord> snapshots, Func<DateTimeOffset, double?>? steeredDeviceBaselineKw = null)
    {
        var representative = snapshots
            .Select(s => (Snapshot: s, Reported: s.ByType.Values.Sum(t => t.Online + t.Offline)))
            .Where(s => s.Reported > 0 && s.Snapshot.OnlineCount >= MinOnlineShare * s.Reported)
            .Select(s => (s.Snapshot, Scale: s.Reported / (double)s.Snapshot.OnlineCount))
            .ToList();
        if (representative.Count == 0)
        {
            return null;
        }

        var types = representative.SelectMany(s => s.Snapshot.ByType.Keys).Distinct();
        var byType = types.ToDictionary(type => type, type =>
        {
            var f = representative.Select(s => s.Snapshot.ByType.TryGetValue(type, out var t) ? t.Flexibility : new FlexibilityRecord(0, 0, 0, 0)).ToList();
            return new FlexibilityRecord(
                Math.Round(f.Average(x => x.UpKw), 3),
                Math.Round(f.Average(x => x.DownKw), 3),
                Math.Round(f.Average(x => x.UpEnergyNextHourKwh), 3),
                Math.Round(f.Average(x => x.DownEnergyNextHourKwh), 3));
        });
        var load = representative.Average(s => s.Snapshot.SiteNetKw * s.Scale);
        var solar = representative.Where(s => s.Snapshot.SolarKw.HasValue).Select(s => s.Snapshot.SolarKw!.Value * s.Scale).DefaultIfEmpty(double.NaN).Average();
        var steered = representative
            .Select(s => steeredDeviceBaselineKw?.Invoke(s.Snapshot.AsOf) is { } baselineKw ? (s.Snapshot.TotalPowerKw * s.Scale) - baselineKw : (double?)null)
            .ToList();
        double? shift = steered.Any(v => v is not null) ? Math.Round(steered.Average(v => v ?? 0), 3) : null;
        return new ProgramHour(hourStartUtc, representative.Count, Math.Round(load, 3), Math.Round(solar, 3), byType, shift);
    }
}
