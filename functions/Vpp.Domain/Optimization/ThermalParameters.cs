namespace Vpp.Domain.Optimization;

/// <summary>
/// Thermal constants of a tank or a house, in electrical terms. The defaults are typical (a 190 L tank; a 150 m² house
/// with a heat pump of COP 3) and stand in until a device's own constants are learned from its telemetry.
/// </summary>
public sealed record ThermalParameters(double StoreKwhPerC, double LossKwPerC, double Cop, double MaxOffsetC, double MaxPrecoolC)
{
    public static ThermalParameters TypicalTank { get; } = new(0.22, 0.002, 1, 0, 0);

    public static ThermalParameters TypicalHouse { get; } = new(2.5, 0.18, 3, 2, 2);
}
