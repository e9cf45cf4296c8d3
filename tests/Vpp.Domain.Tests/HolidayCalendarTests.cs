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
