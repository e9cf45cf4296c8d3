namespace Vpp.Domain.Devices;

/// <summary>The kinds of flexible load the program enrols.</summary>
public enum DeviceType
{
    Battery,
    EvCharger,
    WaterHeater,
    Thermostat,
}
