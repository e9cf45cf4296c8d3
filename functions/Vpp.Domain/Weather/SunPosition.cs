namespace Vpp.Domain.Weather;

/// <summary>
/// Where the sun is in the sky at an instant, seen from a place: the Astronomical Almanac's low-precision formulae
/// (mean longitude and anomaly from J2000.0, sidereal time for the hour angle), good to about 0.01° in declination
/// this century, far more than a plane-of-array transposition needs. No refraction: it matters only at the horizon,
/// where there is no energy to speak of.
/// </summary>
public readonly record struct SunPosition(double CosZenith, double AzimuthRadians)
{
    private static readonly DateTime J2000 = new(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public bool IsUp => CosZenith > 0;

    public static SunPosition At(DateTimeOffset instant, double latitudeDegrees, double longitudeDegrees)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(latitudeDegrees), 90, nameof(latitudeDegrees));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(longitudeDegrees), 180, nameof(longitudeDegrees));
        var days = (instant.UtcDateTime - J2000).TotalDays;
        var meanLongitude = Degrees(280.460 + (0.9856474 * days));
        var meanAnomaly = double.DegreesToRadians(Degrees(357.528 + (0.9856003 * days)));
        var eclipticLongitude = double.DegreesToRadians(meanLongitude + (1.915 * Math.Sin(meanAnomaly)) + (0.020 * Math.Sin(2 * meanAnomaly)));
        var obliquity = double.DegreesToRadians(23.439 - (0.0000004 * days));
        var rightAscension = Math.Atan2(Math.Cos(obliquity) * Math.Sin(eclipticLongitude), Math.Cos(eclipticLongitude));
        var declination = Math.Asin(Math.Sin(obliquity) * Math.Sin(eclipticLongitude));
        var siderealDegrees = 280.46061837 + (360.98564736629 * days);
        var hourAngle = double.DegreesToRadians(Degrees(siderealDegrees + longitudeDegrees)) - rightAscension;
        var latitude = double.DegreesToRadians(latitudeDegrees);
        var cosZenith = Math.Clamp((Math.Sin(latitude) * Math.Sin(declination)) + (Math.Cos(latitude) * Math.Cos(declination) * Math.Cos(hourAngle)), -1, 1);

        // Measured clockwise from north: east is π/2, south π.
        var azimuth = Math.Atan2(Math.Sin(hourAngle), (Math.Cos(hourAngle) * Math.Sin(latitude)) - (Math.Tan(declination) * Math.Cos(latitude))) + Math.PI;
        return new SunPosition(cosZenith, azimuth);
    }

    private static double Degrees(double angle) => ((angle % 360) + 360) % 360;
}
