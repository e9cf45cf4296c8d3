namespace Vpp.Domain.Forecasting;

/// <summary>
/// Recognises a day on which a PV array could not deliver what the sky offered (an inverter derate, an outage, snow on
/// the panels): the weather says the day was clear, yet the array peaked well below its peak on recent clear days. Such
/// a day teaches a forecaster of available output nothing true, and its error belongs to the equipment, not the
/// forecast. Judged after the fact from the day's own output and weather, never from a forecast's error.
/// </summary>
public sealed class PvDerating
{
    /// <summary>A day whose irradiance is at least this share of clear-sky irradiance is a clear day.</summary>
    public const double ClearDayIndex = 0.9;

    /// <summary>A clear day peaking below this share of recent clear days' typical peak is derated.</summary>
    public const double DeratedPeakShare = 0.6;

    private const int RecentClearDays = 14;
    private const int MinimumClearDays = 3;
    private readonly Queue<double> recentClearPeaksKw = new();

    /// <summary>
    /// Judges a finished day from its peak output and its clear-sky index (its irradiance over clear-sky irradiance),
    /// and remembers a clear, healthy day's peak as the reference for the days after it.
    /// </summary>
    public bool IsDerated(double dayPeakKw, double dayClearSkyIndex)
    {
        if (!double.IsFinite(dayPeakKw) || !double.IsFinite(dayClearSkyIndex) || dayClearSkyIndex < ClearDayIndex)
        {
            return false;
        }

        var typical = recentClearPeaksKw.Count >= MinimumClearDays ? Quantiles.Of([.. recentClearPeaksKw.Order()], 0.5) : double.NaN;
        if (dayPeakKw < DeratedPeakShare * typical)
        {
            return true;
        }

        recentClearPeaksKw.Enqueue(dayPeakKw);
        if (recentClearPeaksKw.Count > RecentClearDays)
        {
            _ = recentClearPeaksKw.Dequeue();
        }

        return false;
    }
}
