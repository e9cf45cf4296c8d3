namespace Vpp.Domain.Forecasting;

/// <summary>
/// What a device draws when nobody dispatches it, as its mean power at each local hour, weekdays and weekends apart
/// (a car home all Saturday charges at other hours than one home only at night). This is the device's share of the
/// program's baseline load: the planner's effect on the program is its plan less this, so a battery that discharges
/// into the evening for its owner's self-consumption, or a fleet of cars that arrive at scattered hours, is counted as
/// it behaves and not as a model's idealised household would. Means, not medians: the program's load is a sum, and
/// the sum of means is the mean of the sum.
/// </summary>
public sealed record PowerProfile(int DaysObserved, IReadOnlyList<double> WeekdayKwByLocalHour, IReadOnlyList<double> WeekendKwByLocalHour)
{
    /// <summary>An hour seen on fewer days of its kind (weekdays, weekends) than this takes every day's mean for that hour.</summary>
    public const int MinimumDaysPerHour = 2;

    /// <summary>The mean power at the local hour and kind of day of <paramref name="instant"/>.</summary>
    public double KwAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return (IsWeekend(local.DayOfWeek) ? WeekendKwByLocalHour : WeekdayKwByLocalHour)[local.Hour];
    }

    /// <summary>
    /// Each interval counts toward the local hour it starts in (a clock change's repeated hour counts twice, a skipped
    /// one not at all: each is a mean over the hours observed). Null when the history covers fewer than
    /// <paramref name="minimumDays"/> days' worth of hours, or some local hour was never observed: too little to learn
    /// from. Non-finite energies and empty intervals are left out.
    /// </summary>
    public static PowerProfile? Learn(IReadOnlyList<MeterInterval> history, TimeZoneInfo zone, int minimumDays = 3)
    {
        var (weekday, weekend) = (new HourSums(), new HourSums());
        var days = new HashSet<DateOnly>();
        foreach (var interval in history)
        {
            if (!double.IsFinite(interval.NetEnergyKwh) || interval.Length <= TimeSpan.Zero)
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(interval.Start, zone);
            var date = DateOnly.FromDateTime(local.DateTime);
            (IsWeekend(local.DayOfWeek) ? weekend : weekday).Add(local.Hour, date, interval.NetEnergyKwh, interval.Length.TotalHours);
            days.Add(date);
        }

        var all = Enumerable.Range(0, 24).Select(h => (weekday.Hours[h] + weekend.Hours[h]) is > 0 and var hours ? (weekday.EnergyKwh[h] + weekend.EnergyKwh[h]) / hours : double.NaN).ToArray();
        if (weekday.Hours.Sum() + weekend.Hours.Sum() < minimumDays * 24 || all.Any(double.IsNaN))
        {
            return null;
        }

        return new PowerProfile(days.Count, Means(weekday, all), Means(weekend, all));
    }

    private static double[] Means(HourSums sums, double[] fallback) =>
        [.. Enumerable.Range(0, 24).Select(h => Math.Round(sums.Days[h].Count >= MinimumDaysPerHour ? sums.EnergyKwh[h] / sums.Hours[h] : fallback[h], 4))];

    private static bool IsWeekend(DayOfWeek day) => day is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private sealed class HourSums
    {
        public double[] EnergyKwh { get; } = new double[24];

        public double[] Hours { get; } = new double[24];

        public HashSet<DateOnly>[] Days { get; } = [.. Enumerable.Range(0, 24).Select(_ => new HashSet<DateOnly>())];

        public void Add(int hour, DateOnly date, double energyKwh, double hours)
        {
            EnergyKwh[hour] += energyKwh;
            Hours[hour] += hours;
            Days[hour].Add(date);
        }
    }
}
