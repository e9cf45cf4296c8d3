namespace Vpp.Domain.Devices;

/// <summary>What the AC charging standards (SAE J1772, IEC 61851) let a charger do.</summary>
public static class ChargingStandard
{
    /// <summary>
    /// The lowest rate a car will charge at: the pilot signal cannot offer less than 6 A, which is 1.44 kW at 240 V.
    /// Offered less, the car stops charging; a charger can pause, or draw at least this.
    /// </summary>
    public const double MinimumChargingKw = 1.44;
}
