using Vpp.Domain.Devices;

namespace Vpp.Domain.Optimization;

/// <summary>
/// How much moving one kWh away from a device's baseline costs its customer, in the objective's units. The order is
/// the point: a battery's customer notices nothing, a delayed EV charge little, a cooler shower more, a warmer house most.
/// </summary>
public static class CustomerImpact
{
    public static double PerKwh(DeviceType type) => type switch
    {
        DeviceType.Battery => 0.001,
        DeviceType.EvCharger => 0.01,
        DeviceType.WaterHeater => 0.02,
        DeviceType.Thermostat => 0.05,
        _ => 0.1,
    };
}
