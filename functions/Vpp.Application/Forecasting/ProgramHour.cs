using Vpp.Application.Fleet;

namespace Vpp.Application.Forecasting;

/// <summary>
/// One hour of a program's history, averaged from the fleet snapshots recorded in it: the homes' net load, their
/// rooftop solar output (NaN when no snapshot in the hour recorded it) and each device type's flexibility. It is what
/// the forecaster learns from.
/// </summary>
public sealed record ProgramHour(DateTimeOffset HourStartUtc, int Snapshots, double SiteNetKw, double SolarKw, IReadOnlyDictionary<string, FlexibilityRecord> FlexibilityByType)
{
    /// <summary>The hour's mean of every snapshot in it; null for an hour without snapshots.</summary>
    public static ProgramHour? Average(DateTimeOffset hourStartUtc, IReadOnlyList<FleetSnapshotRecord> snapshots)
    {
        if (snapshots.Count == 0)
        {
            return null;
        }

        var types = snapshots.SelectMany(s => s.ByType.Keys).Distinct();
        var byType = types.ToDictionary(type => type, type =>
        {
            var f = snapshots.Select(s => s.ByType.TryGetValue(type, out var t) ? t.Flexibility : new FlexibilityRecord(0, 0, 0, 0)).ToList();
            return new FlexibilityRecord(
                Math.Round(f.Average(x => x.UpKw), 3),
                Math.Round(f.Average(x => x.DownKw), 3),
                Math.Round(f.Average(x => x.UpEnergyNextHourKwh), 3),
                Math.Round(f.Average(x => x.DownEnergyNextHourKwh), 3));
        });
        var solar = snapshots.Where(s => s.SolarKw.HasValue).Select(s => s.SolarKw!.Value).DefaultIfEmpty(double.NaN).Average();
        return new ProgramHour(hourStartUtc, snapshots.Count, Math.Round(snapshots.Average(s => s.SiteNetKw), 3), Math.Round(solar, 3), byType);
    }
}
