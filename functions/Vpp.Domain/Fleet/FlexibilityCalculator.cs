using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Fleet;

/// <summary>Available flexibility of one device from its latest reading and limits.</summary>
public static class FlexibilityCalculator
{
    public static Flexibility For(DeviceRegistration device, LatestReading reading)
    {
        var r = device.Ratings;
        var power = reading.PowerKw;
        return device.Type switch
        {
            DeviceType.Battery => Battery(r, reading),
            DeviceType.EvCharger => Ev(r, reading, power),
            DeviceType.WaterHeater => Thermal(r, power, reading.TankTemperatureC),
            DeviceType.Thermostat => Thermal(r, power, reading.IndoorTemperatureC),
            _ => Flexibility.None,
        };
    }

    private static Flexibility Battery(DeviceRatings r, LatestReading reading)
    {
        var capacity = r.EnergyCapacityKwh ?? 0;
        var soc = reading.StateOfChargePct ?? 0;
        var reserve = r.BackupReservePct ?? 0;
        var oneWay = Math.Sqrt(r.RoundTripEfficiency ?? 0.9);
        // Battery power at the meter: positive while charging.
        var batteryKw = reading.PowerKw;
        var headroomKwh = Math.Max(0, (100 - soc) / 100 * capacity) / oneWay;
        var availableKwh = Math.Max(0, (soc - reserve) / 100 * capacity) * oneWay;
        var upKw = headroomKwh > 0 ? Math.Max(0, r.MaxImportKw - batteryKw) : 0;
        var downKw = availableKwh > 0 ? Math.Max(0, batteryKw + r.MaxExportKw) : 0;
        return new Flexibility(upKw, downKw, Math.Min(upKw, headroomKwh), Math.Min(downKw, availableKwh));
    }

    private static Flexibility Ev(DeviceRatings r, LatestReading reading, double power)
    {
        if (reading.Plugged != true)
        {
            return Flexibility.None;
        }

        var charging = Math.Max(0, power);
        var upKw = Math.Max(0, r.MaxImportKw - charging);
        return new Flexibility(upKw, charging, upKw, charging);
    }

    /// <summary>
    /// Water heaters and thermostats may shed or boost only while the temperature is inside the customer's
    /// comfort band; the energy bound is the kW held for the hour (thermal headroom is refined by the forecaster).
    /// </summary>
    private static Flexibility Thermal(DeviceRatings r, double power, double? temperatureC)
    {
        var insideBand = temperatureC is { } t && t > r.ComfortMinC && t < r.ComfortMaxC;
        if (!insideBand)
        {
            return Flexibility.None;
        }

        var drawing = Math.Max(0, power);
        var upKw = Math.Max(0, r.MaxImportKw - drawing);
        return new Flexibility(upKw, drawing, upKw, drawing);
    }
}
