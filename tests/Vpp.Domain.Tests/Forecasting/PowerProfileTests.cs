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

    [Fact]
    public void A_batterys_weekdays_and_weekends_are_learned_apart_in_local_time_across_the_autumn_clock_change()
    {
        // Monday 26 October to Sunday 8 November 2026; Los Angeles goes back from PDT to PST on Sunday 1 November.
        var history = SelfConsumingBattery(new DateTime(2026, 10, 26), 14);

        var profile = PowerProfile.Learn(history, LosAngeles)!;

        Assert.Equal(14, profile.DaysObserved);
        Assert.Equal(1.5, profile.WeekdayKwByLocalHour[10], 6);
        Assert.Equal(-2, profile.WeekdayKwByLocalHour[20], 6);
        Assert.Equal(0, profile.WeekdayKwByLocalHour[21], 6);
        Assert.Equal(-1, profile.WeekendKwByLocalHour[12], 6);
        Assert.Equal(0, profile.WeekendKwByLocalHour[20], 6);
        // 01:00 happened twice on 1 November: the repeated hour is a second observation of the same idle hour, not a spike.
        Assert.Equal(0, profile.WeekendKwByLocalHour[1], 6);
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

        Assert.Equal(1.5, profile.WeekdayKwByLocalHour[10], 6);
        Assert.Equal(-2, profile.WeekdayKwByLocalHour[18], 6);
        Assert.Equal(0, profile.WeekdayKwByLocalHour[3], 6);
    }

    [Fact]
    public void A_weekend_hour_seen_on_one_day_only_takes_every_days_mean()
    {
        // Monday to Saturday: one weekend day is not a weekend habit.
        var history = SelfConsumingBattery(new DateTime(2026, 6, 1), 6);

        var profile = PowerProfile.Learn(history, LosAngeles)!;

        Assert.Equal(((5 * 1.5) - 1) / 6, profile.WeekendKwByLocalHour[13], 4); // one Saturday's −1 kW among five weekdays' 1.5
        Assert.Equal(-2.0 * 5 / 6, profile.WeekendKwByLocalHour[18], 4);
        Assert.Equal(-2, profile.WeekdayKwByLocalHour[18], 6);
    }

    [Fact]
    public void Too_little_history_or_an_hour_never_seen_teaches_nothing()
    {
        var twoDays = SelfConsumingBattery(new DateTime(2026, 6, 1), 2);
        var neverAtNight = SelfConsumingBattery(new DateTime(2026, 6, 1), 14).Where(i => TimeZoneInfo.ConvertTime(i.Start, LosAngeles).Hour != 3).ToList();

        Assert.Null(PowerProfile.Learn(twoDays, LosAngeles));
        Assert.Null(PowerProfile.Learn(neverAtNight, LosAngeles));
        Assert.NotNull(PowerProfile.Learn(twoDays, LosAngeles, minimumDays: 2));
    }
}
