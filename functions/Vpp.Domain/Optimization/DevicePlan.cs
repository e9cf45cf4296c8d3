namespace Vpp.Domain.Optimization;

/// <summary>A device's planned power per interval (kW, charging positive) and the energy it ends each interval with.</summary>
public sealed record DevicePlan(string DeviceId, double[] PowerKw, double[] EnergyKwh);
