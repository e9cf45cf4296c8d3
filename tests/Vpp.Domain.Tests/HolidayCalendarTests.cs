using System.Globalization;
using Vpp.Domain.Calendar;

namespace Vpp.Domain.Tests;

public sealed class HolidayCalendarTests
{
    /// <summary>
    /// Each year's holidays, as NERC's Resources Subcommittee published them for 2010 and 2011 ("Additional Off-peak
    /// Days"), and as its rules give them for years with a Sunday holiday (2022, 2023) and a Saturday one (2026).
    /// </summary>
    [Theory]
    [InlineData(2010, "01-01 05-31 07-05 09-06 11-25 12-25")]
    [InlineData(2011, "01-01 05-30 07-04 09-05 11-24 12-26")]
    [InlineData(2022, "01-01 05-30 07-04 09-05 11-24 12-26")]
    [InlineData(2023, "01-02 05-29 07-04 09-04 11-23 12-25")]
    [InlineData(2026, "01-01 05-25 07-04 09-07 11-26 12-25")]
    public void Us_nerc_holidays_are_the_six_with_a_sunday_holiday_kept_on_the_monday_after(int year, string expected) =>
        Assert.Equal(expected.Split(' '), HolidaysOf(HolidayCalendar.UsNerc, year));

    /// <summary>
    /// PG&amp;E's rule for its TOU holidays ("If a holiday falls on Saturday, no weekday is designated a TOU holiday. If a
    /// holiday falls on Sunday, the following Monday is designated a TOU holiday"), which SCE's and SDG&amp;E's tariffs
    /// share: 2019 (the year of the SCE tariffs in the shared data), a Sunday Independence Day (2021), a Sunday New Year's
    /// Day and a Saturday Veterans Day (2023), a Saturday Independence Day (2026).
    /// </summary>
    [Theory]
    [InlineData(2019, "01-01 02-18 05-27 07-04 09-02 11-11 11-28 12-25")]
    [InlineData(2021, "01-01 02-15 05-31 07-05 09-06 11-11 11-25 12-25")]
    [InlineData(2023, "01-02 02-20 05-29 07-04 09-04 11-11 11-23 12-25")]
    [InlineData(2026, "01-01 02-16 05-25 07-04 09-07 11-11 11-26 12-25")]
    public void California_iou_holidays_add_presidents_day_and_veterans_day_to_nercs_six(int year, string expected) =>
        Assert.Equal(expected.Split(' '), HolidaysOf(HolidayCalendar.CaliforniaIou, year));

    [Fact]
    public void California_iou_weekday_holidays_are_not_working_days()
    {
        var veteransDay2021 = new DateOnly(2021, 11, 11);
        var presidentsDay2026 = new DateOnly(2026, 2, 16);

        Assert.False(HolidayCalendar.CaliforniaIou.IsWorkingDay(veteransDay2021));
        Assert.False(HolidayCalendar.CaliforniaIou.IsWorkingDay(presidentsDay2026));
        Assert.True(HolidayCalendar.UsNerc.IsWorkingDay(presidentsDay2026));
        Assert.True(HolidayCalendar.CaliforniaIou.IsWorkingDay(new DateOnly(2023, 11, 10)));
    }

    /// <summary>
    /// GOV.UK's lists of bank holidays in England and Wales: substitute days for a New Year's Day, Christmas or Boxing
    /// Day on a weekend (2020–2023), the early May holiday moved for VE Day (2020), the spring holiday moved and a day
    /// added for the Platinum Jubilee and the Queen's state funeral (2022), the coronation (2023), Easter from March to
    /// April.
    /// </summary>
    [Theory]
    [InlineData(2016, "01-01 03-25 03-28 05-02 05-30 08-29 12-26 12-27")]
    [InlineData(2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28")]
    [InlineData(2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28")]
    [InlineData(2022, "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27")]
    [InlineData(2023, "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26")]
    [InlineData(2024, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26")]
    public void England_and_wales_bank_holidays_are_govuks_with_substitutes_and_proclaimed_days(int year, string expected) =>
        Assert.Equal(expected.Split(' '), HolidaysOf(HolidayCalendar.EnglandAndWales, year));

    [Fact]
    public void No_calendar_has_no_holidays_and_every_weekday_works()
    {
        var christmas = new DateOnly(2024, 12, 25);

        Assert.Empty(HolidaysOf(HolidayCalendar.None, 2024));
        Assert.True(HolidayCalendar.None.IsWorkingDay(christmas));
        Assert.False(HolidayCalendar.UsNerc.IsWorkingDay(christmas));
        Assert.False(HolidayCalendar.None.IsWorkingDay(new DateOnly(2024, 12, 28)));
    }

    [Fact]
    public void A_calendar_is_found_by_its_id_and_an_unknown_id_finds_none()
    {
        Assert.All(HolidayCalendar.All, c => Assert.Same(c, HolidayCalendar.Find(c.Id)));
        Assert.Null(HolidayCalendar.Find("us"));
        Assert.Null(HolidayCalendar.Find(null));
    }

    private static IEnumerable<string> HolidaysOf(HolidayCalendar calendar, int year) =>
        Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365)
            .Select(d => new DateOnly(year, 1, 1).AddDays(d))
            .Where(calendar.IsHoliday)
            .Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture));
}
