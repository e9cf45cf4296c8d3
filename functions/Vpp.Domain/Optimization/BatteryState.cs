namespace Vpp.Domain.Optimization;

/// <summary>
/// One battery as the planner sees it: energy now and its bounds (the customer's backup reserve is the floor), power
/// limits, and one-way efficiency (√ of round trip). Power convention: charging positive (load), discharging negative.
/// </summary>
public sealed record BatteryState(
    string DeviceId,
    double EnergyKwh,
    double MinEnergyKwh,
    double MaxEnergyKwh,
    double MaxChargeKw,
    double MaxDischargeKw,
    double OneWayEfficiency);
