using Vpp.Domain.Optimization;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// How much hot water a household draws at each local hour, in the electrical energy it takes to replace it, learned
/// from its water heater's telemetry by an energy balance: what the element put in, less what the tank gained and
/// what it lost to the room, was drawn. The tank's change over an interval is the central difference of its
/// neighbours' temperatures, so only intervals with both neighbours count; their errors cancel over a day, and the
/// hour's mean over the days observed is what the planner expects.
/// </summary>
public sealed record HotWaterHabits(int DaysObserved, IReadOnlyList<double> DrawKwByLocalHour)
{
    public const double RoomC = 20;

    /// <summary>The energy drawn in a typical day.</summary>
    public double DailyDrawKwh => DrawKwByLocalHour.Sum();

    /// <summary>
    /// Null when fewer than <paramref name="minimumDays"/> days' worth of intervals can be balanced, or when some local
    /// hour was never observed: too little to learn from.
    /// </summary>
    public static HotWaterHabits? Learn(IReadOnlyList<TankInterval> history, TimeZoneInfo zone, ThermalParameters tank, int minimumDays = 3)
    {
        var ordered = history.Where(i => double.IsFinite(i.HeatingKwh) && double.IsFinite(i.TankC) && i.Length > TimeSpan.Zero).OrderBy(i => i.Start).ToList();
        var drawnKwh = new double[24];
        var observedHours = new double[24];
        var days = new HashSet<DateOnly>();
        var balancedHours = 0.0;
        for (var k = 1; k < ordered.Count - 1; k++)
        {
            var (previous, interval, next) = (ordered[k - 1], ordered[k], ordered[k + 1]);
            if (previous.Start + previous.Length != interval.Start || interval.Start + interval.Length != next.Start)
            {
                continue;
            }

            var hours = interval.Length.TotalHours;
            var gainedKwh = tank.StoreKwhPerC * (next.TankC - previous.TankC) / 2;
            var lostKwh = tank.LossKwPerC * (interval.TankC - RoomC) * hours;
            var local = TimeZoneInfo.ConvertTime(interval.Start, zone);
            drawnKwh[local.Hour] += interval.HeatingKwh - gainedKwh - lostKwh;
            observedHours[local.Hour] += hours;
            days.Add(DateOnly.FromDateTime(local.DateTime));
            balancedHours += hours;
        }

        if (balancedHours < minimumDays * 24 || observedHours.Any(h => h == 0))
        {
            return null;
        }

        // A negative hour is the balance's noise around no draw at all.
        var byHour = Enumerable.Range(0, 24).Select(h => Math.Round(Math.Max(0, drawnKwh[h] / observedHours[h]), 4)).ToArray();
        return new HotWaterHabits(days.Count, byHour);
    }
}
