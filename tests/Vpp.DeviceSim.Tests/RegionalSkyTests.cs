using Vpp.DeviceSim.Physics;
using Vpp.Domain.Forecasting;

namespace Vpp.DeviceSim.Tests;

public sealed class RegionalSkyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<DateTimeOffset> HoursOfAYear() => [.. Enumerable.Range(0, 365 * 24).Select(h => Start.AddHours(h))];

    [Fact]
    public void Over_a_year_the_sky_has_clear_spells_and_overcast_ones_and_lets_through_about_two_thirds_of_the_sun()
    {
        var clearness = HoursOfAYear().Select(t => SkyClearness.FromCloudCover(RegionalSky.CloudCoverFraction(t))).ToList();
        var days = clearness.Chunk(24).Select(day => day.Average()).ToList();

        Assert.All(clearness, k => Assert.InRange(k, 0.25, 1.0));
        Assert.InRange(clearness.Average(), 0.6, 0.8);
        Assert.InRange(days.Count(d => d > 0.9), 20, 100);
        Assert.InRange(days.Count(d => d < 0.5), 10, 60);
    }

    [Fact]
    public void Every_process_sees_the_same_sky_and_it_changes_smoothly()
    {
        var t = new DateTimeOffset(2026, 11, 22, 13, 20, 0, TimeSpan.Zero);

        Assert.Equal(RegionalSky.CloudCoverFraction(t), RegionalSky.CloudCoverFraction(t.ToOffset(TimeSpan.FromHours(-8))));
        var steps = Enumerable.Range(0, 24 * 60).Select(m => RegionalSky.CloudCoverFraction(t.AddMinutes(m))).Zip(
            Enumerable.Range(1, 24 * 60).Select(m => RegionalSky.CloudCoverFraction(t.AddMinutes(m))), (a, b) => Math.Abs(b - a));
        Assert.True(steps.Max() < 0.02, $"a minute moved the cover by {steps.Max():0.000}");
    }

    [Fact]
    public void A_forecast_is_the_truth_for_hours_past_and_errs_more_the_further_ahead_it_looks()
    {
        var hours = HoursOfAYear();
        double Error(int leadHours) => Math.Sqrt(hours.Average(t =>
            Math.Pow(RegionalSky.ForecastCloudCoverFraction(t, t.AddHours(-leadHours)) - RegionalSky.CloudCoverFraction(t), 2)));

        Assert.Equal(0, Error(0));
        Assert.Equal(RegionalSky.ForecastCloudCoverFraction(Start.AddHours(30), Start), RegionalSky.ForecastCloudCoverFraction(Start.AddHours(30), Start));
        Assert.InRange(Error(3), 0.03, 0.12);
        Assert.True(Error(40) > 1.5 * Error(3), $"{Error(40):0.000} two days out, {Error(3):0.000} three hours out");
    }
}
