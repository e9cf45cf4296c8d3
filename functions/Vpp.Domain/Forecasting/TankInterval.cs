namespace Vpp.Domain.Forecasting;

/// <summary>
/// One interval of a water heater's history: the energy its element drew and the tank's temperature over the interval
/// (the middle of the lowest and highest reported).
/// </summary>
public readonly record struct TankInterval(DateTimeOffset Start, TimeSpan Length, double HeatingKwh, double TankC);
