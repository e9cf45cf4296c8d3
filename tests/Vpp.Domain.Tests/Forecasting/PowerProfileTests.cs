using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class PowerProfileTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A battery's quarter hours over whole local days from <paramref name="firstDay"/>: on weekdays it charges from the
    /// roof 10:00–14:00 and discharges into the evening 17:00–21:00; at weekends the family is home and it discharges
    /// 12:00–16:00 instead. Each quarter hour's energy from <paramref name="kwAt"/> if given.
    /// </summary>
    private static List<MeterInterval> SelfConsumingBattery(DateTime firstDay, int days, Func<DateTimeOffset, double, double>? kwAt = null)
    {
        var history = new List<MeterInterval>();
        for (var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(firstDay, LosAngeles)); start < new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(firstDay.AddDays(days), LosAngeles)); start += Quarter)
        {
            var kw = SelfConsumingKw(start);
            history.Add(new MeterInterval(start, Quarter, (kwAt?.Invoke(start, kw) ?? kw) * Quarter.TotalHours));
        }

        return history;
    }

    private static double SelfConsumingKw(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, LosAngeles);
        var weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return (weekend, local.Hour) switch
        {
            (false, >= 10 and < 14) => 1.5,
            (false, >= 17 and < 21) => -2,
            (true, >= 12 and < 16) => -1,
            _ => 0,
        };
    }

    /// <summary>The mean of the hour's four quarter hours: what the battery's hourly habit is.</summary>
    private static double HourMean(IReadOnlyList<double> quarters, int hour) => quarters.Skip(hour * 4).Take(4).Average();

    [Fact]
    public void A_car_that_comes_home_within_the_hour_is_learned_by_the_quarter_hour_it_arrives_in()
    {
        // Two weeks from Monday 6 July 2026: each evening the car is plugged in at 17:40 local and charges at 7.2 kW until 19:40.
        var history = new List<MeterInterval>();
        var from = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 7, 6), LosAngeles));
        for (var start = from; start < from.AddDays(14); start += Quarter)
        {
            var minutes = TimeZoneInfo.ConvertTime(start, LosAngeles).TimeOfDay.TotalMinutes;
            var charging = Math.Max(0, Math.Min(minutes + 15, (19 * 60) + 40) - Math.Max(minutes, (17 * 60) + 40));
            history.Add(new MeterInterval(start, Quarter, 7.2 * charging / 60));
        }

        var profile = PowerProfile.Learn(history, LosAngeles)!;

        double[] evening = [.. Enumerable.Range(17 * 4, 12).Select(q => profile.WeekdayKwByLocalQuarterHour[q])];
        Assert.Equal(new[] { 0, 0, 2.4, 7.2, 7.2, 7.2, 7.2, 7.2, 7.2, 7.2, 4.8, 0 }, evening);
        Assert.Equal(evening, Enumerable.Range(17 * 4, 12).Select(q => profile.WeekendKwByLocalQuarterHour[q]));
        // 17:50 on a weekday reads the arrival's quarter hour at its full draw, not the hour's 2.4 kW mean.
        Assert.Equal(7.2, profile.KwAt(new DateTimeOffset(2026, 7, 21, 0, 50, 0, TimeSpan.Zero), LosAngeles), 6);
    }

    [Fact]
    public void A_batterys_weekdays_and_weekends_are_learned_apart_in_local_time_across_the_autumn_clock_change()
    {
        // Monday 26 October to Sunday 8 November 2026; Los Angeles goes back from PDT to PST on Sunday 1 November.
        var history = SelfConsumingBattery(new DateTime(2026, 10, 26), 14);

        var profile = PowerProfile.Learn(history, LosAngeles)!;

        Assert.Equal(14, profile.DaysObserved);
        Assert.Equal(1.5, HourMean(profile.WeekdayKwByLocalQuarterHour, 10), 6);
        Assert.Equal(-2, HourMean(profile.WeekdayKwByLocalQuarterHour, 20), 6);
        Assert.Equal(0, HourMean(profile.WeekdayKwByLocalQuarterHour, 21), 6);
        Assert.Equal(-1, HourMean(profile.WeekendKwByLocalQuarterHour, 12), 6);
        Assert.Equal(0, HourMean(profile.WeekendKwByLocalQuarterHour, 20), 6);
        // 01:00 happened twice on 1 November: the repeated hour is a second observation of the same idle hour, not a spike.
        Assert.Equal(0, HourMean(profile.WeekendKwByLocalQuarterHour, 1), 6);
        // Read back at an instant's own local hour and day: 18:00 PST on Monday 9 November, 13:00 PST on Saturday 14th.
        Assert.Equal(-2, profile.KwAt(new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero), LosAngeles), 6);
        Assert.Equal(-1, profile.KwAt(new DateTimeOffset(2026, 11, 14, 21, 0, 0, TimeSpan.Zero), LosAngeles), 6);
    }

    [Fact]
    public void Gaps_not_a_number_and_partly_covered_quarters_count_for_the_hours_they_cover()
    {
        // A weekday fortnight with a missing morning, readings lost to NaN, and evening quarters covered for only 5 minutes
        // (their energy is those 5 minutes' worth, so the mean power is unchanged).
        var history = SelfConsumingBattery(new DateTime(2026, 3, 2), 14)
            .Where(i => TimeZoneInfo.ConvertTime(i.Start, LosAngeles) is not { Day: 4, Hour: < 12 })
            .Select(i => TimeZoneInfo.ConvertTime(i.Start, LosAngeles) switch
            {
                { Day: 5, Hour: 10 } => i with { NetEnergyKwh = double.NaN },
                { Hour: 18 } => i with { Length = TimeSpan.FromMinutes(5), NetEnergyKwh = -2.0 * 5 / 60 },
                _ => i,
            })
            .Append(new MeterInterval(new DateTimeOffset(2026, 3, 6, 20, 0, 0, TimeSpan.Zero), TimeSpan.Zero, 50))
            .ToList();

        var profile = PowerProfile.Learn(history, LosAngeles)!;

        Assert.Equal(1.5, HourMean(profile.WeekdayKwByLocalQuarterHour, 10), 6);
        Assert.Equal(-2, HourMean(profile.WeekdayKwByLocalQuarterHour, 18), 6);
        Assert.Equal(0, HourMean(profile.WeekdayKwByLocalQuarterHour, 3), 6);
    }

    [Fact]
    public void A_weekend_hour_seen_on_one_day_only_takes_every_days_mean()
    {
        // Monday to Saturday: one weekend day is not a weekend habit.
        var history = SelfConsumingBattery(new DateTime(2026, 6, 1), 6);

        var profile = PowerProfile.Learn(history, LosAngeles)!;

        Assert.Equal(((5 * 1.5) - 1) / 6, HourMean(profile.WeekendKwByLocalQuarterHour, 13), 4); // one Saturday's −1 kW among five weekdays' 1.5
        Assert.Equal(-2.0 * 5 / 6, HourMean(profile.WeekendKwByLocalQuarterHour, 18), 4);
        Assert.Equal(-2, HourMean(profile.WeekdayKwByLocalQuarterHour, 18), 6);
    }

    [Fact]
    public void Too_little_history_or_a_quarter_hour_never_seen_teaches_nothing()
    {
        var twoDays = SelfConsumingBattery(new DateTime(2026, 6, 1), 2);
        var neverAtNight = SelfConsumingBattery(new DateTime(2026, 6, 1), 14).Where(i => TimeZoneInfo.ConvertTime(i.Start, LosAngeles).Hour != 3).ToList();
        var neverAtQuarterPast = SelfConsumingBattery(new DateTime(2026, 6, 1), 14).Where(i => TimeZoneInfo.ConvertTime(i.Start, LosAngeles) is not { Hour: 3, Minute: 15 }).ToList();

        Assert.Null(PowerProfile.Learn(twoDays, LosAngeles));
        Assert.Null(PowerProfile.Learn(neverAtQuarterPast, LosAngeles));
        Assert.Null(PowerProfile.Learn(neverAtNight, LosAngeles));
        Assert.NotNull(PowerProfile.Learn(twoDays, LosAngeles, minimumDays: 2));
    }
}
