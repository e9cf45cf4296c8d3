namespace Vpp.Domain.Devices;

/// <summary>The wire names of device types (telemetry, twins tags, API): kebab-case.</summary>
public static class DeviceTypeNames
{
    public static string ToWire(this DeviceType type) => type switch
    {
        DeviceType.Battery => "battery",
        DeviceType.EvCharger => "ev-charger",
        DeviceType.WaterHeater => "water-heater",
        DeviceType.Thermostat => "thermostat",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? wire, out DeviceType type)
    {
        switch (wire)
        {
            case "battery": type = DeviceType.Battery; return true;
            case "ev-charger": type = DeviceType.EvCharger; return true;
            case "water-heater": type = DeviceType.WaterHeater; return true;
            case "thermostat": type = DeviceType.Thermostat; return true;
            default: type = default; return false;
        }
    }
}
