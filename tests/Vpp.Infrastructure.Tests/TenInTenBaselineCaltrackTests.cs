using Vpp.Domain.Calendar;
using Vpp.Domain.Settlement;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Infrastructure.Tests;

/// <summary>
/// The 10-in-10 baseline on CalTRACK's weather-driven hourly meter (OpenEEmeter's Illinois sample, real weather of
/// station 724390, cooling above 65 °F, Central time): every weekday afternoon of summer 2016 taken as if it were an event.
/// </summary>
public sealed class TenInTenBaselineCaltrackTests
{
    private static readonly TimeZoneInfo Illinois = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    [Fact]
    public void On_a_weather_driven_meter_the_adjusted_baseline_keeps_to_a_summers_afternoons_and_its_cap_holds_the_noisy_mornings()
    {
        var history = CsvTimeSeries.Read(SharedData.PathOf("eemeter-caltrack/samples/il-electricity-cdd-hdd-hourly.csv.gz"), Illinois)
            .ToDictionary(p => p.Time.ToUniversalTime(), p => p.Value);
        var (adjustedError, plainError, actualTotal, adjustedTotal, days, capped) = (0.0, 0.0, 0.0, 0.0, 0, 0);
        for (var day = new DateOnly(2016, 6, 1); day <= new DateOnly(2016, 8, 31); day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            // 14:00–18:00 local, hour by hour.
            var wall = day.ToDateTime(new TimeOnly(14, 0));
            var start = new DateTimeOffset(wall, Illinois.GetUtcOffset(wall)).ToUniversalTime();
            var actual = Enumerable.Range(0, 4).Sum(h => history[start.AddHours(h)]);
            var adjusted = TenInTenBaseline.Estimate(history, start, 4, TimeSpan.FromHours(1), Illinois, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.Default, out _)!;
            var plain = TenInTenBaseline.Estimate(history, start, 4, TimeSpan.FromHours(1), Illinois, HolidayCalendar.UsNerc, new HashSet<DateOnly>(), DayOfAdjustment.None, out _)!;

            Assert.Equal(10, adjusted.LikeDays.Count);
            Assert.InRange(adjusted.AppliedRatio, 0.8, 1.2);
            adjustedError += Math.Abs(adjusted.TotalKwh - actual);
            plainError += Math.Abs(plain.TotalKwh - actual);
            (actualTotal, adjustedTotal, days) = (actualTotal + actual, adjustedTotal + adjusted.TotalKwh, days + 1);
            capped += adjusted.Capped ? 1 : 0;
        }

        // Over the summer the adjusted baseline comes within 5 % of what the afternoons drew, and no further from each
        // afternoon than the plain average (measured: 250.7 against 261.9 kWh of error, 534.5 against 549.8 kWh drawn).
        // Hour to hour this meter is noisy, so a three-hour morning ratio is mostly noise: the cap holds it on most days.
        Assert.Equal(66, days);
        Assert.InRange(adjustedTotal / actualTotal, 0.95, 1.05);
        Assert.True(adjustedError <= plainError, $"adjusted {adjustedError:0.0} kWh of error against {plainError:0.0} unadjusted");
        Assert.True(capped > days / 2, $"{capped} of {days} mornings capped");
    }
}
