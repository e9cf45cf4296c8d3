namespace Vpp.Domain.Optimization;

/// <summary>
/// Thermal constants of a tank or a house, in electrical terms. The defaults are typical (a 190 L tank; a 150 m² house
/// with a heat pump of COP 3 whose thermostat lets the house swing half a degree either side of its setpoint) and stand
/// in until a device's own constants are learned from its telemetry.
/// </summary>
/// <param name="DeadbandC">
/// How far the temperature may sit from the setpoint, either side, before the thermostat acts: within it a reading is
/// where the on/off cycle happens to be, not a debt the device is about to repay.
/// </param>
public sealed record ThermalParameters(double StoreKwhPerC, double LossKwPerC, double Cop, double MaxOffsetC, double MaxPrecoolC, double DeadbandC = 0)
{
    public static ThermalParameters TypicalTank { get; } = new(0.22, 0.002, 1, 0, 0);

    public static ThermalParameters TypicalHouse { get; } = new(2.5, 0.18, 3, 2, 2, DeadbandC: 0.5);
}
