using Vpp.Domain.Forecasting;

namespace Vpp.Infrastructure.Tests;

public sealed class PowerProfileTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void A_real_heat_pumps_meter_across_clock_changes_gives_its_mean_draw_by_local_hour()
    {
        // The OPSD residential4 house in Konstanz: its heat pump's hourly cumulative meter, with gaps and resets, as hourly energy.
        var hours = Residential4Meters.HourlyEnergy("DE_KN_residential4_heat_pump");
        var history = hours.Select(h => new MeterInterval(h.Time, TimeSpan.FromHours(1), h.Value)).ToList();

        var profile = PowerProfile.Learn(history, Berlin)!;

        Assert.InRange(profile.DaysObserved, 300, 1500);
        // Each hour's mean is that hour's metered energy over the times it was metered, weekdays and weekends apart.
        foreach (var (weekend, byHour) in new[] { (false, profile.WeekdayKwByLocalHour), (true, profile.WeekendKwByLocalHour) })
        {
            foreach (var hour in new[] { 3, 12, 20 })
            {
                var metered = hours.Where(h => TimeZoneInfo.ConvertTime(h.Time, Berlin) is var local && local.Hour == hour && (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) == weekend).ToList();
                Assert.Equal(metered.Average(h => h.Value), byHour[hour], tolerance: 1e-4); // kept to 4 decimals
            }
        }

        // It never exports, and it starts at 07:00 local winter and summer alike: read in a fixed offset, half the year's
        // start would land in the hour before.
        Assert.All(profile.WeekdayKwByLocalHour, kw => Assert.True(kw >= 0));
        Assert.True(profile.WeekdayKwByLocalHour[7] > 1.2 * profile.WeekdayKwByLocalHour[6], string.Join(" ", profile.WeekdayKwByLocalHour));
        Assert.True(profile.WeekdayKwByLocalHour[7] > 1.2 * profile.WeekdayKwByLocalHour[8], string.Join(" ", profile.WeekdayKwByLocalHour));
    }
}
