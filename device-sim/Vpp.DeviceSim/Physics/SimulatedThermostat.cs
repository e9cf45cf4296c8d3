using System.Text.Json.Nodes;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Physics;

/// <summary>
/// Heat pump thermostat: first-order house model (heat loss to outdoors, thermal mass, both per house), heating when
/// it is cold outside and cooling when it is warm, 0.5 °C deadband, and a setpoint offset bounded by the customer's
/// allowance.
/// </summary>
public sealed class SimulatedThermostat(string id, SiteEnvironment site, double baseLoadKw, double pvKw, double hvacKw, double indoorC)
    : SimulatedDevice(id, site, baseLoadKw, pvKw)
{
    private const double Cop = 3.0, MaxOffsetC = 3.0;
    private double offsetC;
    private bool running;

    public override DeviceType Type => DeviceType.Thermostat;

    /// <summary>Heat the house loses per °C between indoors and out (the typical house: 0.18 kW).</summary>
    public double LossKwPerC { get; init; } = 0.18;

    /// <summary>Heat the house stores per °C (the typical house: 2.5 kWh).</summary>
    public double HouseKwhPerC { get; init; } = 2.5;

    public override DeviceRatings Ratings => new() { MaxImportKw = hvacKw, ComfortMinC = 18, ComfortMaxC = 27, PvCapacityKw = PvKw > 0 ? PvKw : null };

    protected override Reading Advance(DateTimeOffset start, double dtSeconds, double householdNetKw)
    {
        var outdoor = Site.OutdoorTemperatureC(start);
        var cooling = outdoor > 20;
        // A schedule that plans the compressor off lets the house drift by the allowance; one that plans it hard pre-conditions.
        var offset = offsetC != 0 ? offsetC : ScheduledFraction(start) switch
        {
            < 0.05 => MaxOffsetC * 2 / 3,
            > 0.6 => -MaxOffsetC * 2 / 3,
            _ => 0,
        };
        var setpoint = (cooling ? 24 : 21) + (cooling ? offset : -offset);
        running = cooling
            ? indoorC > setpoint + 0.5 || (running && indoorC > setpoint - 0.5)
            : indoorC < setpoint - 0.5 || (running && indoorC < setpoint + 0.5);
        var power = running ? hvacKw : 0;
        var heatKw = (cooling ? -1 : 1) * power * Cop;
        indoorC += ((heatKw - (LossKwPerC * (indoorC - outdoor))) * dtSeconds / 3600.0) / HouseKwhPerC;
        indoorC = Math.Clamp(indoorC, -10, 45);
        return new Reading(power) { IndoorTemperatureC = Math.Round(indoorC, 2), SetpointC = setpoint };
    }

    protected override JsonObject ApplyCommands(JsonObject desired)
    {
        offsetC = Math.Clamp(desired["setpointOffsetC"]?.GetValue<double>() ?? 0, -MaxOffsetC, MaxOffsetC);
        return new JsonObject { ["setpointOffsetC"] = offsetC, ["maxOffsetC"] = MaxOffsetC };
    }
}
