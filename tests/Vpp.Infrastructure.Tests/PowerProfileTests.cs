using Vpp.Domain.Forecasting;

namespace Vpp.Infrastructure.Tests;

public sealed class PowerProfileTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void A_real_heat_pumps_hourly_meter_across_clock_changes_gives_its_mean_draw_in_each_local_quarter_hour_of_the_hour()
    {
        // The OPSD residential4 house in Konstanz: its heat pump's hourly cumulative meter, with gaps and resets, as hourly energy.
        var hours = Residential4Meters.HourlyEnergy("DE_KN_residential4_heat_pump");
        var history = hours.Select(h => new MeterInterval(h.Time, TimeSpan.FromHours(1), h.Value)).ToList();

        var profile = PowerProfile.Learn(history, Berlin)!;

        Assert.InRange(profile.DaysObserved, 300, 1500);
        // Each quarter hour's mean is its hour's metered energy over the times it was metered, weekdays and weekends
        // apart: an hourly meter says nothing finer, so its energy is spread evenly over its quarters.
        foreach (var (weekend, byQuarter) in new[] { (false, profile.WeekdayKwByLocalQuarterHour), (true, profile.WeekendKwByLocalQuarterHour) })
        {
            foreach (var hour in new[] { 3, 12, 20 })
            {
                var metered = hours.Where(h => TimeZoneInfo.ConvertTime(h.Time, Berlin) is var local && local.Hour == hour && (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) == weekend).ToList();
                Assert.All(Enumerable.Range(hour * 4, 4), q => Assert.Equal(metered.Average(h => h.Value), byQuarter[q], tolerance: 1e-4)); // kept to 4 decimals
            }
        }

        // It never exports, and it starts at 07:00 local winter and summer alike: read in a fixed offset, half the year's
        // start would land in the hour before.
        var weekday = profile.WeekdayKwByLocalQuarterHour;
        Assert.All(weekday, kw => Assert.True(kw >= 0));
        Assert.True(weekday[7 * 4] > 1.2 * weekday[(6 * 4) + 3], string.Join(" ", weekday));
        Assert.True(weekday[(7 * 4) + 3] > 1.2 * weekday[8 * 4], string.Join(" ", weekday));
    }
}
