using Vpp.Domain.Weather;

namespace Vpp.Domain.Tests.Weather;

public sealed class SunPositionTests
{
    private const double DenverLatitude = 39.742;
    private const double DenverLongitude = -105.1727;

    [Fact]
    public void At_the_september_equinox_the_sun_culminates_due_south_at_the_colatitude_a_few_minutes_before_clock_noon()
    {
        // 22 September 2016: declination ~0, equation of time ~ +7.5 min, Denver 0.17° west of its MST meridian.
        var day = new DateTimeOffset(2016, 9, 22, 0, 0, 0, TimeSpan.FromHours(-7));
        var noon = Enumerable.Range(0, 24 * 60).Select(m => day.AddMinutes(m)).MaxBy(t => SunPosition.At(t, DenverLatitude, DenverLongitude).CosZenith);
        var sun = SunPosition.At(noon, DenverLatitude, DenverLongitude);

        Assert.InRange(noon.TimeOfDay, new TimeSpan(11, 50, 0), new TimeSpan(11, 56, 0));
        Assert.InRange(double.RadiansToDegrees(Math.Acos(sun.CosZenith)), 39.7, 39.9); // 39.742° less a declination of -0.07°
        Assert.InRange(double.RadiansToDegrees(sun.AzimuthRadians), 178, 182);
    }

    [Fact]
    public void The_sun_rises_in_the_east_sets_in_the_west_and_is_down_at_midnight()
    {
        var morning = SunPosition.At(new DateTimeOffset(2016, 9, 22, 8, 0, 0, TimeSpan.FromHours(-7)), DenverLatitude, DenverLongitude);
        var evening = SunPosition.At(new DateTimeOffset(2016, 9, 22, 16, 0, 0, TimeSpan.FromHours(-7)), DenverLatitude, DenverLongitude);
        var midnight = SunPosition.At(new DateTimeOffset(2016, 9, 22, 0, 0, 0, TimeSpan.FromHours(-7)), DenverLatitude, DenverLongitude);

        Assert.True(morning.IsUp && evening.IsUp);
        Assert.InRange(double.RadiansToDegrees(morning.AzimuthRadians), 90, 150);
        Assert.InRange(double.RadiansToDegrees(evening.AzimuthRadians), 210, 270);
        Assert.False(midnight.IsUp);
    }

    [Fact]
    public void At_the_june_solstice_the_sun_stands_overhead_on_the_tropic_of_cancer()
    {
        var noon = new DateTimeOffset(2016, 6, 20, 12, 2, 0, TimeSpan.Zero);

        Assert.InRange(SunPosition.At(noon, 23.44, 0).CosZenith, Math.Cos(double.DegreesToRadians(1)), 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => SunPosition.At(noon, 91, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SunPosition.At(noon, 0, -181));
    }
}
