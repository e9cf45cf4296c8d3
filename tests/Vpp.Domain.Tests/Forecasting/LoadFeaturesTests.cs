using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class LoadFeaturesTests
{
    private static readonly TimeZoneInfo Central = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    // The weekday × hour indicators follow the intercept, the trend and eleven months.
    private const int WeekdayHourFrom = 13;
    private const int WeekdayHourCount = 167;

    [Fact]
    public void A_holiday_of_the_programs_calendar_takes_sundays_weekday_and_hour_terms_and_an_ordinary_thursday_its_own()
    {
        var thanksgiving = LocalDays.AtUtc(new DateTime(2026, 11, 26), new TimeOnly(17, 0), Central);
        var thursdayBefore = thanksgiving.AddDays(-7);
        var sundayAfter = thanksgiving.AddDays(3);

        double[] Terms(HolidayCalendar holidays, DateTimeOffset instant)
        {
            var features = new LoadFeatures(Central, holidays, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), false, 0, 1, 0, 0);
            var row = new double[features.Count];
            Assert.True(features.TryFill(row, instant, _ => double.NaN, _ => 1.0, 1.0));
            return row[WeekdayHourFrom..(WeekdayHourFrom + WeekdayHourCount)];
        }

        Assert.Equal(Terms(HolidayCalendar.UsNerc, sundayAfter), Terms(HolidayCalendar.UsNerc, thanksgiving));
        Assert.Equal(Terms(HolidayCalendar.None, thursdayBefore), Terms(HolidayCalendar.None, thanksgiving));
        Assert.NotEqual(Terms(HolidayCalendar.None, sundayAfter), Terms(HolidayCalendar.None, thanksgiving));
        Assert.Equal(1, Terms(HolidayCalendar.UsNerc, thanksgiving).Sum());
    }
}
