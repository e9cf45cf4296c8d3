using Vpp.Domain.Calendar;

namespace Vpp.Domain.Tests;

public sealed class NercHolidaysTests
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
    public void A_years_holidays_are_the_six_with_a_sunday_holiday_kept_on_the_monday_after(int year, string expected)
    {
        var days = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Select(d => new DateOnly(year, 1, 1).AddDays(d));

        var holidays = days.Where(NercHolidays.IsHoliday).Select(d => d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected.Split(' '), holidays);
    }
}
