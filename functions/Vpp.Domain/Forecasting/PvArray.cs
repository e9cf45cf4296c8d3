using Vpp.Domain.Weather;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// A fixed PV array: where it is and which way it faces (tilt from horizontal; azimuth clockwise from north, 180 =
/// south). It turns clear-sky irradiance on the ground into clear-sky irradiance on the panels (isotropic sky), which
/// is what changes with the season when the sun drops and a steep south-facing array catches more of it.
/// </summary>
public sealed record PvArray
{
    public PvArray(double latitudeDegrees, double longitudeDegrees, double tiltDegrees, double azimuthDegrees, double groundAlbedo = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(latitudeDegrees), 90, nameof(latitudeDegrees));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(longitudeDegrees), 180, nameof(longitudeDegrees));
        if (tiltDegrees is < 0 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(tiltDegrees), tiltDegrees, "Tilt is between 0 (flat) and 90 (vertical) degrees.");
        }

        if (azimuthDegrees is < 0 or >= 360)
        {
            throw new ArgumentOutOfRangeException(nameof(azimuthDegrees), azimuthDegrees, "Azimuth is clockwise from north, 0 to 360 degrees.");
        }

        if (groundAlbedo is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(groundAlbedo), groundAlbedo, "Albedo is a fraction.");
        }

        (LatitudeDegrees, LongitudeDegrees, TiltDegrees, AzimuthDegrees, GroundAlbedo) = (latitudeDegrees, longitudeDegrees, tiltDegrees, azimuthDegrees, groundAlbedo);
    }

    public double LatitudeDegrees { get; }

    public double LongitudeDegrees { get; }

    public double TiltDegrees { get; }

    public double AzimuthDegrees { get; }

    public double GroundAlbedo { get; }

    /// <summary>Cosine of the angle between the sun and the panels' normal; zero when the sun is behind them or set.</summary>
    public double CosAngleOfIncidence(SunPosition sun)
    {
        if (!sun.IsUp)
        {
            return 0;
        }

        var tilt = double.DegreesToRadians(TiltDegrees);
        var sinZenith = Math.Sqrt(1 - (sun.CosZenith * sun.CosZenith));
        var cos = (sun.CosZenith * Math.Cos(tilt)) + (sinZenith * Math.Sin(tilt) * Math.Cos(sun.AzimuthRadians - double.DegreesToRadians(AzimuthDegrees)));
        return Math.Max(0, cos);
    }

    /// <summary>Clear-sky irradiance on the panels (W/m²) from the clear-sky beam, diffuse and global irradiance.</summary>
    public double ClearSkyPlaneOfArrayWm2(DateTimeOffset instant, double dniClearWm2, double dhiClearWm2, double ghiClearWm2)
    {
        var sun = SunPosition.At(instant, LatitudeDegrees, LongitudeDegrees);
        if (!sun.IsUp)
        {
            return 0;
        }

        var tilt = double.DegreesToRadians(TiltDegrees);
        return (dniClearWm2 * CosAngleOfIncidence(sun)) + (dhiClearWm2 * (1 + Math.Cos(tilt)) / 2) + (ghiClearWm2 * GroundAlbedo * (1 - Math.Cos(tilt)) / 2);
    }
}
