namespace Vpp.Domain.Forecasting;

/// <summary>
/// How clear the sky is, 0 (overcast) to 1 (clear): global horizontal irradiance over its clear-sky value where a
/// weather source gives irradiance, or from cloud cover where it gives only that, by Kasten and Czeplak's relation
/// (1980), G/G<sub>clear</sub> = 1 − 0.75 · (cloud cover)<sup>3.4</sup>.
/// </summary>
public static class SkyClearness
{
    public static double FromCloudCover(double cloudCoverFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cloudCoverFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cloudCoverFraction, 1);
        return 1 - (0.75 * Math.Pow(cloudCoverFraction, 3.4));
    }

    /// <summary>NaN below a sliver of clear sky (dawn, dusk), where the ratio is all noise.</summary>
    public static double FromIrradiance(double ghiWm2, double ghiClearWm2) =>
        double.IsFinite(ghiWm2) && ghiClearWm2 > 20 ? Math.Clamp(ghiWm2 / ghiClearWm2, 0, 1.2) : double.NaN;
}
