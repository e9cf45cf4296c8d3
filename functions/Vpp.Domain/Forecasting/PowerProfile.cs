using Vpp.Domain.Calendar;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// What a device draws when nobody dispatches it, as its mean power in each local quarter hour, weekdays and weekends
/// apart (a car home all Saturday charges at other hours than one home only at night). This is the device's share of the
/// program's baseline load: the planner's effect on the program is its plan less this, so a battery that discharges
/// into the evening for its owner's self-consumption, or a fleet of cars that arrive at scattered hours, is counted as
/// it behaves and not as a model's idealised household would. Quarter hours, not hours: cars coming home through the
/// evening raise a charger fleet's draw several-fold within an hour, and an hour's mean would count the later arrivals
/// of its first quarters as shed (<c>dispatch-event</c> run 11). Means, not medians: the program's load is a sum, and
/// the sum of means is the mean of the sum.
/// </summary>
public sealed record PowerProfile(int DaysObserved, IReadOnlyList<double> WeekdayKwByLocalQuarterHour, IReadOnlyList<double> WeekendKwByLocalQuarterHour)
{
    public const int QuartersPerDay = 96;

    /// <summary>A quarter hour seen on fewer days of its kind (weekdays, weekends) than this takes every day's mean for it.</summary>
    public const int MinimumDaysPerQuarter = 2;

    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>The mean power in the local quarter hour and kind of day of <paramref name="instant"/>.</summary>
    public double KwAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return (IsWeekend(local.DayOfWeek) ? WeekendKwByLocalQuarterHour : WeekdayKwByLocalQuarterHour)[QuarterOfDay(local)];
    }

    /// <summary>
    /// Each interval's energy is spread evenly over the quarter hours it covers and counts toward the local quarter hour
    /// each part falls in (a clock change's repeated hour counts twice, a skipped one not at all: each is a mean over the
    /// quarter hours observed), so hourly meters and quarter-hour rollups teach alike. Null when the history covers fewer
    /// than <paramref name="minimumDays"/> days' worth of hours, or some local quarter hour was never observed: too
    /// little to learn from. Non-finite energies and empty intervals are left out.
    /// </summary>
    public static PowerProfile? Learn(IReadOnlyList<MeterInterval> history, TimeZoneInfo zone, int minimumDays = 3)
    {
        ArgumentNullException.ThrowIfNull(history);
        var (weekday, weekend) = (new QuarterSums(), new QuarterSums());
        var days = new HashSet<DateOnly>();
        foreach (var interval in history)
        {
            if (!double.IsFinite(interval.NetEnergyKwh) || interval.Length <= TimeSpan.Zero)
            {
                continue;
            }

            var end = interval.Start + interval.Length;
            // Zone offsets are whole quarter hours, so a UTC quarter hour is a local one.
            for (var quarter = UtcIntervals.Floor(interval.Start, Quarter); quarter < end; quarter += Quarter)
            {
                var covered = Min(end, quarter + Quarter) - Max(interval.Start, quarter);
                var local = TimeZoneInfo.ConvertTime(quarter, zone);
                var date = DateOnly.FromDateTime(local.DateTime);
                (IsWeekend(local.DayOfWeek) ? weekend : weekday).Add(QuarterOfDay(local), date, interval.NetEnergyKwh * (covered / interval.Length), covered.TotalHours);
                days.Add(date);
            }
        }

        var all = Enumerable.Range(0, QuartersPerDay)
            .Select(q => (weekday.Hours[q] + weekend.Hours[q]) is > 0 and var hours ? (weekday.EnergyKwh[q] + weekend.EnergyKwh[q]) / hours : double.NaN)
            .ToArray();
        if (weekday.Hours.Sum() + weekend.Hours.Sum() < minimumDays * 24 || all.Any(double.IsNaN))
        {
            return null;
        }

        return new PowerProfile(days.Count, Means(weekday, all), Means(weekend, all));
    }

    private static int QuarterOfDay(DateTimeOffset local) => (local.Hour * 4) + (local.Minute / 15);

    private static double[] Means(QuarterSums sums, double[] fallback) =>
        [.. Enumerable.Range(0, QuartersPerDay).Select(q => Math.Round(sums.Days[q].Count >= MinimumDaysPerQuarter ? sums.EnergyKwh[q] / sums.Hours[q] : fallback[q], 4))];

    private static bool IsWeekend(DayOfWeek day) => day is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class QuarterSums
    {
        public double[] EnergyKwh { get; } = new double[QuartersPerDay];

        public double[] Hours { get; } = new double[QuartersPerDay];

        public HashSet<DateOnly>[] Days { get; } = [.. Enumerable.Range(0, QuartersPerDay).Select(_ => new HashSet<DateOnly>())];

        public void Add(int quarter, DateOnly date, double energyKwh, double hours)
        {
            EnergyKwh[quarter] += energyKwh;
            Hours[quarter] += hours;
            Days[quarter].Add(date);
        }
    }
}
