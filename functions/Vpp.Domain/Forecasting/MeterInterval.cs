namespace Vpp.Domain.Forecasting;

/// <summary>One interval of a device's history at its meter: energy imported less energy exported (load convention: kWh drawn is positive).</summary>
public readonly record struct MeterInterval(DateTimeOffset Start, TimeSpan Length, double NetEnergyKwh);
