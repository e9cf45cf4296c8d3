namespace Vpp.Domain.Forecasting;

/// <summary>What a device's own history taught about its household, by type; typical values stand in for what is null.</summary>
public sealed record DeviceHabits(EvChargingHabits? Charging = null, HotWaterHabits? HotWater = null, HouseThermalHabits? House = null);
