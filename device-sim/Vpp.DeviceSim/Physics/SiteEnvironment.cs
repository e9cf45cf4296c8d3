using Vpp.Domain.Forecasting;

namespace Vpp.DeviceSim.Physics;

/// <summary>
/// Weather and the household around a device: outdoor temperature (seasonal and daily cycle), solar irradiance
/// (sun arc by hour and season, under the region's sky, <see cref="RegionalSky"/>, and a little shade of the home's own
/// that drifts), and the home's own base load shape.
/// </summary>
public sealed class SiteEnvironment(TimeZoneInfo zone, Random random)
{
    private double shade = 0.93;

    public TimeZoneInfo Zone { get; } = zone;

    public Random Random { get; } = random;

    public double LocalHour(DateTimeOffset t)
    {
        var local = TimeZoneInfo.ConvertTime(t, Zone);
        return local.Hour + (local.Minute / 60.0) + (local.Second / 3600.0);
    }

    public double OutdoorTemperatureC(DateTimeOffset t)
    {
        var day = TimeZoneInfo.ConvertTime(t, Zone).DayOfYear;
        var seasonal = 16 - (8 * Math.Cos(2 * Math.PI * (day - 15) / 365.0));
        return seasonal + (6 * Math.Sin(2 * Math.PI * (LocalHour(t) - 9) / 24.0));
    }

    /// <summary>
    /// Clear-sky fraction of PV nameplate, times the clearness of the region's sky (Kasten and Czeplak's relation to
    /// its cloud cover) and the home's own factor, drifting between 0.85 and 1 (a cloud's edge, a tree, dust).
    /// </summary>
    public double SolarFraction(DateTimeOffset t, double dtSeconds)
    {
        shade = Math.Clamp(shade + ((Random.NextDouble() - 0.5) * 0.03 * Math.Sqrt(dtSeconds / 60.0)), 0.85, 1.0);
        var day = TimeZoneInfo.ConvertTime(t, Zone).DayOfYear;
        var daylight = 12 - (2.5 * Math.Cos(2 * Math.PI * (day + 10) / 365.0));
        var sunrise = 12.5 - (daylight / 2);
        var h = LocalHour(t);
        if (h <= sunrise || h >= sunrise + daylight)
        {
            return 0;
        }

        var elevation = Math.Sin(Math.PI * (h - sunrise) / daylight);
        var seasonal = 0.75 + (0.25 * Math.Cos(2 * Math.PI * (day - 172) / 365.0));
        return 0.85 * elevation * seasonal * SkyClearness.FromCloudCover(RegionalSky.CloudCoverFraction(t)) * shade;
    }

    /// <summary>Typical residential shape: low overnight, a morning bump, the evening peak.</summary>
    public static double BaseLoadShape(double localHour) =>
        0.45 + (0.5 * Bump(localHour, 7.5, 1.5)) + (1.0 * Bump(localHour, 19, 2.5)) + (0.2 * Bump(localHour, 13, 3));

    private static double Bump(double h, double centre, double width) => Math.Exp(-Math.Pow((h - centre) / width, 2));
}
