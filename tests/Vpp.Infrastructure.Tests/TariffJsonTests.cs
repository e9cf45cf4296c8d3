using Vpp.Domain.Calendar;
using Vpp.Domain.Optimization;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Pricing;

namespace Vpp.Infrastructure.Tests;

public sealed class TariffJsonTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Theory]
    [InlineData("sce_tou_ev_4_march_2019.json", "2026-07-15T13:00", 0.26668)] // summer weekday on-peak (12-18)
    [InlineData("sce_tou_ev_4_march_2019.json", "2026-07-18T13:00", 0.05623)] // summer Saturday
    [InlineData("sce_tou_ev_4_march_2019.json", "2026-12-02T23:30", 0.06087)] // winter weekday off-peak
    [InlineData("pge_a10_tou_aug_2019.json", "2026-07-15T08:29", 0.14903)] // before the 8.5 h boundary
    [InlineData("pge_a10_tou_aug_2019.json", "2026-07-15T08:30", 0.1771)]
    [InlineData("pge_a10_tou_aug_2019.json", "2026-09-07T13:00", 0.14903)] // Labor Day, a Monday: the weekend's price
    [InlineData("pge_a10_tou_aug_2019.json", "2026-09-08T13:00", 0.23223)] // the Tuesday after: on-peak
    [InlineData("sce_tou_ev_4_march_2019.json", "2026-05-25T13:00", 0.06087)] // Memorial Day, in winter: the weekend's price, not the weekday's 0.0869
    public void Prices_follow_season_day_of_week_and_local_hour_and_a_holiday_is_priced_as_a_weekend(string file, string local, double expected)
    {
        var tariff = TariffJson.Parse(File.ReadAllText(SharedData.PathOf("acnportal-tariffs/" + file)));

        Assert.Equal((decimal)expected, tariff.PriceAt(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), HolidayCalendar.UsNerc));
    }

    [Fact]
    public void A_program_without_holidays_pays_labor_days_weekday_prices()
    {
        var tariff = TariffJson.Parse(File.ReadAllText(SharedData.PathOf("acnportal-tariffs/pge_a10_tou_aug_2019.json")));

        Assert.Equal(0.23223m, tariff.PriceAt(new DateTime(2026, 9, 7, 13, 0, 0), HolidayCalendar.None));
    }

    /// <summary>
    /// SCE's own holidays: Presidents' Day and Veterans Day 2019 are priced as weekend days on the California calendar,
    /// as the tariff sheet says, and as weekdays on NERC's, which does not list them.
    /// </summary>
    [Theory]
    [InlineData("2019-02-18T13:00")]
    [InlineData("2019-11-11T13:00")]
    public void A_california_utilitys_tariff_prices_its_own_holidays_as_weekends_on_the_california_calendar(string local)
    {
        var tariff = TariffJson.Parse(File.ReadAllText(SharedData.PathOf("acnportal-tariffs/sce_tou_ev_4_march_2019.json")));
        var at = DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(0.06087m, tariff.PriceAt(at, HolidayCalendar.CaliforniaIou));
        Assert.Equal(0.0869m, tariff.PriceAt(at, HolidayCalendar.UsNerc));
    }

    [Fact]
    public void Interval_prices_are_read_in_local_time_across_the_dst_change()
    {
        var tariff = TariffJson.Parse(File.ReadAllText(SharedData.PathOf("acnportal-tariffs/sce_tou_ev_4_march_2019.json")));
        // Sunday 2026-11-01 local midnight PDT is 07:00Z; the day has 25 hours (100 quarter hours), all weekend price.
        var horizon = new PlanningHorizon(new DateTimeOffset(2026, 11, 1, 7, 0, 0, TimeSpan.Zero), 100 + 96, TimeSpan.FromMinutes(15));

        var prices = tariff.PricesFor(horizon, Pacific, HolidayCalendar.UsNerc);

        Assert.All(prices.Take(100), p => Assert.Equal(0.06087m, p));
        // Monday: 12:00 local is 20:00Z after the change, interval 100 + 48.
        Assert.Equal(0.0869m, prices[148]);
        Assert.Equal(0.07492m, prices[147]);
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "'schedule'")]
    [InlineData("""{"name":"x","schedule":[{"effective_start":"13-01","effective_end":"01-01","dow_mask":"ALL","times":[0],"tariffs":[0.1]}]}""", "effective_start")]
    [InlineData("""{"name":"x","schedule":[{"effective_start":"01-01","effective_end":"12-31","dow_mask":"SOMEDAYS","times":[0],"tariffs":[0.1]}]}""", "dow_mask")]
    [InlineData("""{"name":"x","schedule":[{"effective_start":"01-01","effective_end":"12-31","dow_mask":"ALL","times":[0,8],"tariffs":[0.1]}]}""", "'times'")]
    public void A_malformed_tariff_names_the_field_at_fault(string json, string field)
    {
        var error = Assert.Throws<FormatException>(() => TariffJson.Parse(json));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pge_a10_tou_aug_2019.json")]
    [InlineData("sce_tou_ev_4_march_2019.json")]
    [InlineData("sce_tou_ev_8_june_2019.json")]
    [InlineData("sce_tou_ev_8_oct_2018.json")]
    public void The_real_tariffs_price_every_day_of_the_year(string file)
    {
        var tariff = TariffJson.Parse(File.ReadAllText(SharedData.PathOf("acnportal-tariffs/" + file)));

        Assert.Null(tariff.FirstUncoveredDay());
    }

    [Fact]
    public void A_tariff_with_a_gap_says_which_day_it_cannot_price()
    {
        // Summer weekdays and winter every day: summer weekends are priced by nothing.
        var tariff = TariffJson.Parse("""
            {"name":"gappy","schedule":[
              {"effective_start":"06-01","effective_end":"9-30","dow_mask":"WEEKDAYS","times":[0,16,21],"tariffs":[0.12,0.49,0.12]},
              {"effective_start":"10-01","effective_end":"5-31","dow_mask":"ALL","times":[0],"tariffs":[0.13]}]}
            """);

        Assert.Equal((6, 1, DayOfWeek.Sunday), tariff.FirstUncoveredDay());
        Assert.Throws<InvalidOperationException>(() => tariff.PriceAt(new DateTime(2026, 6, 6, 12, 0, 0), HolidayCalendar.None)); // a Saturday
    }
}
