using System.Text.Json.Nodes;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Physics;

/// <summary>
/// Electric resistance water heater (~190 L tank): hot-water draws in the morning and evening, sized and timed by
/// the household, standby loss to the room, a 5 °C thermostat deadband, and CTA-2045-style shed / load-up commands
/// bounded by the comfort band.
/// </summary>
public sealed class SimulatedWaterHeater(string id, SiteEnvironment site, double baseLoadKw, double pvKw, double elementKw, double tankC)
    : SimulatedDevice(id, site, baseLoadKw, pvKw)
{
    private const double ThermalMassKwhPerC = 0.22;
    private const double LossKwPerC = 0.002;
    private const double ComfortMin = 45, ComfortMax = 65, Setpoint = 55, Deadband = 5;
    private string mode = "normal";
    private bool heating;

    public override DeviceType Type => DeviceType.WaterHeater;

    /// <summary>How much hot water the household uses against a typical one (1 is about 14 kWh a day).</summary>
    public double HouseholdUse { get; init; } = 1;

    /// <summary>Local hour the two-hour morning draw (showers) starts.</summary>
    public double MorningDrawStartHour { get; init; } = 6.5;

    public override DeviceRatings Ratings => new() { MaxImportKw = elementKw, ComfortMinC = ComfortMin, ComfortMaxC = ComfortMax, PvCapacityKw = PvKw > 0 ? PvKw : null };

    protected override Reading Advance(DateTimeOffset start, double dtSeconds, double householdNetKw)
    {
        var hours = dtSeconds / 3600.0;
        var h = Site.LocalHour(start);
        var morning = h >= MorningDrawStartHour && h < MorningDrawStartHour + 2;
        var drawRateKw = (morning ? 3.0 : h is >= 18 and < 21 ? 2.0 : 0.1) * HouseholdUse * (0.5 + Site.Random.NextDouble());
        // Scheduled, the element is an on/off load: in each interval the heaters whose draw falls within the fraction
        // load up and the rest shed, so the fleet heats with about the planned share of its elements.
        var effective = mode != "normal" ? mode : Scheduled(start) switch
        {
            { RunsOnOff: true } => "load-up",
            { } => "shed",
            null => mode,
        };
        var (low, high) = effective switch
        {
            "shed" => (ComfortMin, ComfortMin + 2),
            "load-up" => (ComfortMax - 2, ComfortMax),
            _ => (Setpoint - Deadband, Setpoint),
        };
        heating = tankC < low || (heating && tankC < high);
        var power = heating ? elementKw : 0;
        tankC += ((power - drawRateKw - (LossKwPerC * (tankC - 20))) * hours) / ThermalMassKwhPerC;
        tankC = Math.Clamp(tankC, 10, 75);
        return new Reading(power) { TankTemperatureC = Math.Round(tankC, 2) };
    }

    protected override JsonObject ApplyCommands(JsonObject desired)
    {
        var requested = desired["mode"]?.GetValue<string>();
        mode = requested is "shed" or "load-up" ? requested : "normal";
        return new JsonObject { ["mode"] = mode, ["comfortMinC"] = ComfortMin, ["comfortMaxC"] = ComfortMax };
    }
}
