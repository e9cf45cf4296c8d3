using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class DispatchRulesTests
{
    /// <summary>A summer program: 2–7 pm on weekdays, May to October, at most 3 events and 60 hours a season, 2 hours' notice.</summary>
    private static readonly DispatchRules Summer = new(TimeSpan.FromHours(14), TimeSpan.FromHours(19), true, new DispatchSeason(5, 10), 3, 60, TimeSpan.FromHours(2));

    private static readonly DateTimeOffset DayBefore = Local(2026, 7, 13, 9, 0);

    private static IReadOnlyList<string> Broken(DispatchRules rules, DispatchEvent candidate, DateTimeOffset now, params DispatchEvent[] others) =>
        [.. rules.Check(candidate, LosAngeles, HolidayCalendar.UsNerc, now, others).Select(v => v.Rule)];

    [Fact]
    public void An_event_inside_every_rule_breaks_none()
    {
        Assert.Empty(Broken(Summer, new DispatchEventBuilder().Build(), DayBefore));
        Assert.Empty(Summer.Validate());
    }

    [Fact]
    public void Each_rule_an_event_breaks_is_named()
    {
        Assert.Equal(["allowedHours"], Broken(Summer, new DispatchEventBuilder().Window(Local(2026, 7, 14, 18, 0), Local(2026, 7, 14, 20, 0)).Build(), DayBefore));
        Assert.Equal(["weekdaysOnly"], Broken(Summer, new DispatchEventBuilder().Window(Local(2026, 7, 18, 15, 0), Local(2026, 7, 18, 17, 0)).Build(), DayBefore));
        Assert.Equal(["season"], Broken(Summer, new DispatchEventBuilder().Window(Local(2026, 11, 17, 15, 0), Local(2026, 11, 17, 17, 0)).Build(), DayBefore));
        Assert.Equal(["duration"], Broken(Summer, new DispatchEventBuilder().Window(Local(2026, 7, 14, 15, 0), Local(2026, 7, 14, 15, 10)).Build(), DayBefore));
        Assert.Equal(["duration"], Broken(DispatchRules.Unrestricted, new DispatchEventBuilder().Window(Local(2026, 7, 14, 10, 0), Local(2026, 7, 14, 16, 1)).Build(), DayBefore));
    }

    [Fact]
    public void A_program_of_non_holiday_weekdays_refuses_its_holidays_and_one_of_weekdays_does_not()
    {
        // Friday 4 July 2025 and Monday 1 September 2025 are Independence Day and Labor Day.
        var nonHoliday = Summer with { NotOnHolidays = true };
        var independenceDay = new DispatchEventBuilder().Window(Local(2025, 7, 4, 15, 0), Local(2025, 7, 4, 17, 0)).Build();
        var laborDay = new DispatchEventBuilder().Window(Local(2025, 9, 1, 15, 0), Local(2025, 9, 1, 17, 0)).Build();
        var dayBefore = Local(2025, 7, 3, 9, 0);

        Assert.Equal(["notOnHolidays"], Broken(nonHoliday, independenceDay, dayBefore));
        Assert.Equal(["notOnHolidays"], Broken(nonHoliday, laborDay, dayBefore));
        Assert.Empty(Broken(Summer, independenceDay, dayBefore));
        Assert.Empty(nonHoliday.Check(independenceDay, LosAngeles, HolidayCalendar.EnglandAndWales, dayBefore, []));
    }

    [Fact]
    public void Notice_is_the_lead_its_kind_promises_and_at_least_the_programs()
    {
        var event17 = new DispatchEventBuilder();

        Assert.Equal(["notice"], Broken(DispatchRules.Unrestricted, event17.Build(), Local(2026, 7, 14, 11, 0)));
        Assert.Empty(Broken(DispatchRules.Unrestricted, event17.Notice(DispatchNotice.HourAhead).Build(), Local(2026, 7, 14, 15, 30)));
        Assert.Equal(["minimumNotice"], Broken(Summer, event17.Notice(DispatchNotice.HourAhead).Build(), Local(2026, 7, 14, 15, 30)));
        Assert.Equal(["notice", "minimumNotice"], Broken(Summer, event17.Notice(DispatchNotice.HourAhead).Build(), Local(2026, 7, 14, 16, 30)));
        Assert.Empty(Broken(DispatchRules.Unrestricted, event17.Notice(DispatchNotice.Immediate).Build(), Local(2026, 7, 14, 17, 0)));
    }

    [Fact]
    public void Events_and_hours_per_season_count_real_events_that_hold_their_devices()
    {
        var held = new[]
        {
            new DispatchEventBuilder().Id("a").Window(Local(2026, 6, 1, 14, 0), Local(2026, 6, 1, 19, 0)).Build(),
            new DispatchEventBuilder().Id("b").Window(Local(2026, 6, 2, 14, 0), Local(2026, 6, 2, 19, 0)).Build(),
            new DispatchEventBuilder().Id("c").Window(Local(2026, 6, 3, 14, 0), Local(2026, 6, 3, 19, 0)).Build(),
        };
        var notCounted = new[]
        {
            new DispatchEventBuilder().Id("d").Window(Local(2026, 6, 4, 14, 0), Local(2026, 6, 4, 19, 0)).Cancelled().Build(),
            new DispatchEventBuilder().Id("e").Window(Local(2026, 6, 5, 14, 0), Local(2026, 6, 5, 19, 0)).Proposed().Build(),
            new DispatchEventBuilder().Id("f").Window(Local(2026, 6, 8, 14, 0), Local(2026, 6, 8, 19, 0)).Test().Build(),
            new DispatchEventBuilder().Id("g").Window(Local(2025, 6, 2, 14, 0), Local(2025, 6, 2, 19, 0)).Build(),
        };
        var hoursOnly = Summer with { MaxEventsPerSeason = null, MaxHoursPerSeason = 16 };

        Assert.Equal(["maxEventsPerSeason"], Broken(Summer, new DispatchEventBuilder().Build(), DayBefore, [.. held, .. notCounted]));
        Assert.Empty(Broken(Summer, new DispatchEventBuilder().Build(), DayBefore, [.. held.Take(2), .. notCounted]));
        Assert.Empty(Broken(Summer, new DispatchEventBuilder().Test().Build(), DayBefore, [.. held, .. notCounted]));
        Assert.Equal(["maxHoursPerSeason"], Broken(hoursOnly, new DispatchEventBuilder().Build(), DayBefore, held));
        Assert.Empty(Broken(hoursOnly, new DispatchEventBuilder().Window(Local(2026, 7, 14, 17, 0), Local(2026, 7, 14, 18, 0)).Build(), DayBefore, held));
    }

    [Fact]
    public void A_season_across_the_new_year_is_named_by_the_year_it_starts()
    {
        var winter = new DispatchSeason(11, 3);

        Assert.Equal(2026, winter.SeasonOf(new DateOnly(2026, 11, 2)));
        Assert.Equal(2026, winter.SeasonOf(new DateOnly(2027, 2, 28)));
        Assert.Null(winter.SeasonOf(new DateOnly(2027, 7, 1)));
        Assert.Equal(2027, DispatchSeason.WholeYear.SeasonOf(new DateOnly(2027, 7, 1)));
    }

    [Fact]
    public void Two_events_overlap_only_on_devices_both_would_command()
    {
        var batteries = new DispatchEventBuilder().Id("held").Feeders("f-1", "f-2").Build();
        var later = Local(2026, 7, 14, 19, 0);

        Assert.Equal(["overlap"], Broken(DispatchRules.Unrestricted, new DispatchEventBuilder().Build(), DayBefore, batteries));
        Assert.Equal(["overlap"], Broken(DispatchRules.Unrestricted, new DispatchEventBuilder().Feeders("f-2").Build(), DayBefore, batteries));
        Assert.Empty(Broken(DispatchRules.Unrestricted, new DispatchEventBuilder().Feeders("f-3").Build(), DayBefore, batteries));
        Assert.Empty(Broken(DispatchRules.Unrestricted, new DispatchEventBuilder().Types(DeviceType.Thermostat).Build(), DayBefore, batteries));
        Assert.Empty(Broken(DispatchRules.Unrestricted, new DispatchEventBuilder().Window(later, later.AddHours(1)).Build(), DayBefore, batteries));
        Assert.Empty(Broken(DispatchRules.Unrestricted, new DispatchEventBuilder().Build(), DayBefore, new DispatchEventBuilder().Id("gone").Cancelled().Build()));
    }

    [Fact]
    public void Local_hours_and_lengths_follow_the_clock_change()
    {
        var night = DispatchRules.Unrestricted with { AllowedFromLocal = TimeSpan.Zero, AllowedUntilLocal = TimeSpan.FromHours(6) };
        // 00:00 to 06:00 local is six hours on an ordinary day, seven when the clocks fall back, five when they spring forward.
        var ordinary = new DispatchEventBuilder().Notice(DispatchNotice.Immediate).Window(Local(2026, 10, 31, 0, 0), Local(2026, 10, 31, 6, 0)).Build();
        var fallBack = new DispatchEventBuilder().Notice(DispatchNotice.Immediate).Window(Local(2026, 11, 1, 0, 0), Local(2026, 11, 1, 6, 0)).Build();
        var springForward = new DispatchEventBuilder().Notice(DispatchNotice.Immediate).Window(Local(2026, 3, 8, 0, 0), Local(2026, 3, 8, 6, 0)).Build();
        var early = Local(2026, 3, 1, 0, 0);

        Assert.Equal(TimeSpan.FromHours(7), fallBack.EndUtc - fallBack.StartUtc);
        Assert.Empty(Broken(night, ordinary, early));
        Assert.Equal(["duration"], Broken(night, fallBack, early));
        Assert.Empty(Broken(night, springForward, early));
        Assert.Equal(TimeSpan.FromHours(5), springForward.EndUtc - springForward.StartUtc);
    }

    [Fact]
    public void Rules_that_cannot_hold_are_refused_by_field()
    {
        var broken = new DispatchRules(TimeSpan.FromHours(19), TimeSpan.FromHours(14), false, new DispatchSeason(0, 13), 0, -1, TimeSpan.FromDays(8));

        Assert.Equal(["allowedHours", "season", "maxEventsPerSeason", "maxHoursPerSeason", "minimumNotice"], broken.Validate().Select(e => e.Field));
    }
}
