namespace Vpp.Domain.Devices;

/// <summary>What the AC charging standards (SAE J1772, IEC 61851) let a charger do.</summary>
public static class ChargingStandard
{
    /// <summary>
    /// The lowest rate a car will charge at: the pilot signal cannot offer less than 6 A, which is 1.44 kW at 240 V.
    /// Offered less, the car stops charging; a charger can pause, or draw at least this.
    /// </summary>
    public const double MinimumChargingKw = 1.44;

    /// <summary>
    /// What a charger can offer when asked for <paramref name="requestedKw"/>: the request itself at or above the
    /// minimum, else the nearer of pausing and the minimum (half the minimum or more rounds up).
    /// </summary>
    public static double OfferableKw(double requestedKw) => requestedKw switch
    {
        >= MinimumChargingKw => requestedKw,
        >= MinimumChargingKw / 2 => MinimumChargingKw,
        _ => 0,
    };

    /// <summary>
    /// What a charger draws to follow a fleet schedule's <paramref name="scheduledKw"/>: the rate itself at or above
    /// the minimum; below it, the minimum in the intervals whose <see cref="DispatchDraw"/> falls below the rate's share
    /// of the minimum, and a pause in the others, so chargers told a tenth of their rating draw a tenth on average.
    /// </summary>
    public static double ScheduledKw(double scheduledKw, double draw) =>
        scheduledKw >= MinimumChargingKw ? scheduledKw
        : DispatchDraw.Runs(scheduledKw, MinimumChargingKw, draw) ? MinimumChargingKw
        : 0;
}
