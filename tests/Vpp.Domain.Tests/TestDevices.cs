using Vpp.Domain.Devices;

namespace Vpp.Domain.Tests;

/// <summary>Registrations for tests: a typical home battery, EV charger, water heater and thermostat.</summary>
public static class TestDevices
{
    public static DeviceRegistration Battery(string id = "bat-1", double capacityKwh = 13.5, double maxKw = 5, double reservePct = 20, double? pvKw = null) =>
        new(id, "demo", DeviceType.Battery, new DeviceRatings
        {
            MaxImportKw = maxKw,
            MaxExportKw = maxKw,
            EnergyCapacityKwh = capacityKwh,
            BackupReservePct = reservePct,
            RoundTripEfficiency = 0.9,
            PvCapacityKw = pvKw,
        });

    public static DeviceRegistration EvCharger(string id = "ev-1") => new(id, "demo", DeviceType.EvCharger, new DeviceRatings { MaxImportKw = 7.2 });

    public static DeviceRegistration WaterHeater(string id = "wh-1") =>
        new(id, "demo", DeviceType.WaterHeater, new DeviceRatings { MaxImportKw = 4.5, ComfortMinC = 45, ComfortMaxC = 65 });

    public static DeviceRegistration Thermostat(string id = "th-1") =>
        new(id, "demo", DeviceType.Thermostat, new DeviceRatings { MaxImportKw = 3.5, ComfortMinC = 18, ComfortMaxC = 27 });
}
