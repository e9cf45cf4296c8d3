using Vpp.Domain.Forecasting;
using Vpp.Domain.Weather;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class PvArrayTests
{
    private static readonly DateTimeOffset WinterNoon = new(2016, 12, 21, 12, 0, 0, TimeSpan.FromHours(-7));

    [Fact]
    public void A_flat_array_sees_the_global_horizontal_irradiance()
    {
        var flat = new PvArray(39.742, -105.1727, tiltDegrees: 0, azimuthDegrees: 180);
        var sun = SunPosition.At(WinterNoon, flat.LatitudeDegrees, flat.LongitudeDegrees);
        const double Dni = 900, Dhi = 60;
        var ghi = (Dni * sun.CosZenith) + Dhi;

        Assert.Equal(ghi, flat.ClearSkyPlaneOfArrayWm2(WinterNoon, Dni, Dhi, ghi), 6);
    }

    [Fact]
    public void A_steep_south_facing_array_catches_more_of_a_low_winter_sun_than_the_ground_and_a_north_facing_one_only_diffuse_light()
    {
        var south = new PvArray(39.742, -105.1727, tiltDegrees: 45, azimuthDegrees: 158);
        var northWall = new PvArray(39.742, -105.1727, tiltDegrees: 90, azimuthDegrees: 0);
        var sun = SunPosition.At(WinterNoon, south.LatitudeDegrees, south.LongitudeDegrees);
        const double Dni = 900, Dhi = 60;
        var ghi = (Dni * sun.CosZenith) + Dhi;

        Assert.True(south.ClearSkyPlaneOfArrayWm2(WinterNoon, Dni, Dhi, ghi) > 1.5 * ghi);
        Assert.Equal(0, northWall.CosAngleOfIncidence(sun));
        Assert.Equal((Dhi / 2) + (ghi * 0.2 / 2), northWall.ClearSkyPlaneOfArrayWm2(WinterNoon, Dni, Dhi, ghi), 6);
        Assert.Equal(0, south.ClearSkyPlaneOfArrayWm2(WinterNoon.AddHours(12), Dni, Dhi, ghi));
    }

    [Theory]
    [InlineData(95, 180, 0.2, "tiltDegrees")]
    [InlineData(30, 360, 0.2, "azimuthDegrees")]
    [InlineData(30, 180, 1.5, "groundAlbedo")]
    public void An_impossible_array_is_refused_naming_the_field(double tilt, double azimuth, double albedo, string field)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PvArray(39.742, -105.1727, tilt, azimuth, albedo));

        Assert.Equal(field, error.ParamName);
    }
}
