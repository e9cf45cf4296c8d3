namespace Vpp.Domain.Forecasting;

/// <summary>
/// What a device's own history taught about its household, by type, and what the device draws undispatched
/// (<see cref="Power"/>, any type); typical values or the planning model stand in for what is null.
/// </summary>
public sealed record DeviceHabits(EvChargingHabits? Charging = null, HotWaterHabits? HotWater = null, HouseThermalHabits? House = null, PowerProfile? Power = null);
