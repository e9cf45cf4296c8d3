using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;

namespace Vpp.Domain.Optimization;

/// <summary>
/// The planning model of an enrolled device from its registration and latest reading. Where the device's history has
/// not yet taught us its habits, typical values stand in, each named here: an EV plugged in now leaves at 07:00 local
/// and needs 30 kWh in all; hot water is drawn mostly 06:30–08:30 and 18:00–21:00 (12 kWh a day in all); the house's
/// heat gain holds at its latest compressor power. A device with no reading yet is left out of the plan.
/// </summary>
public static class FleetDeviceModel
{
    public const double TypicalEvSessionKwh = 30;
    public const double TypicalDailyHotWaterKwh = 12;

    public static FlexibleDevice? From(FleetDevice device, PlanningHorizon horizon, TimeZoneInfo zone)
    {
        if (device.Latest is not { } reading)
        {
            return null;
        }

        var r = device.Registration.Ratings;
        var id = device.Registration.DeviceId;
        switch (device.Registration.Type)
        {
            case DeviceType.Battery when r.EnergyCapacityKwh is { } capacity && reading.StateOfChargePct is { } soc:
                return FlexibleDevices.Battery(id, horizon, capacity, r.BackupReservePct ?? 0, soc, r.MaxImportKw, r.MaxExportKw, r.RoundTripEfficiency ?? 0.9);
            case DeviceType.EvCharger:
                var sessions = reading.Plugged == true
                    ? [new EvSession(horizon.StartUtc, NextLocal(horizon.StartUtc, 7, zone), Math.Max(0, TypicalEvSessionKwh - (reading.SessionEnergyKwh ?? 0)))]
                    : Array.Empty<EvSession>();
                return FlexibleDevices.EvCharger(id, horizon, r.MaxImportKw, sessions);
            case DeviceType.WaterHeater when reading.TankTemperatureC is { } tank && r.ComfortMinC is { } low && r.ComfortMaxC is { } high:
                var draws = Enumerable.Range(0, horizon.Intervals).Select(t => HotWaterShare(LocalHour(horizon.StartOf(t), zone)) * TypicalDailyHotWaterKwh).ToArray();
                return FlexibleDevices.WaterHeater(id, horizon, r.MaxImportKw, Math.Clamp(tank, low, high), low, high, (low + high) / 2, draws, ThermalParameters.TypicalTank);
            case DeviceType.Thermostat when reading.IndoorTemperatureC is { } indoor && r.ComfortMinC is { } min && r.ComfortMaxC is { } max:
                var setpoint = Math.Clamp(reading.SetpointC ?? indoor, min, max);
                var house = ThermalParameters.TypicalHouse;
                // An outdoor temperature that makes the latest compressor power the power that holds the setpoint.
                var outdoor = setpoint + (Math.Max(0, reading.PowerKw) * house.Cop / house.LossKwPerC);
                return FlexibleDevices.Thermostat(id, horizon, r.MaxImportKw, Math.Clamp(indoor, min, max), setpoint, min, max,
                    Enumerable.Repeat(outdoor, horizon.Intervals).ToArray(), house);
            default:
                return null;
        }
    }

    /// <summary>Share of a day's hot water drawn per hour at this local hour (sums to 1 over a day).</summary>
    private static double HotWaterShare(double localHour) => localHour switch
    {
        >= 6.5 and < 8.5 => 0.2,
        >= 18 and < 21 => 0.1,
        _ => 0.3 / 19,
    };

    private static double LocalHour(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay.TotalHours;

    private static DateTimeOffset NextLocal(DateTimeOffset after, double localHour, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone);
        var candidate = LocalDays.StartUtc(local.Date, zone).AddHours(localHour);
        return candidate > after ? candidate : LocalDays.StartUtc(local.Date.AddDays(1), zone).AddHours(localHour);
    }
}
