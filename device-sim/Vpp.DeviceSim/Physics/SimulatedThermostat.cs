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

    /// <summary>One household in twenty puts the setpoint back during an event.</summary>
    protected override double OverrideShare => 0.05;

    public override DeviceRatings Ratings => new() { MaxImportKw = hvacKw, ComfortMinC = 18, ComfortMaxC = 27, PvCapacityKw = PvKw > 0 ? PvKw : null };

    protected override Reading Advance(DateTimeOffset start, double dtSeconds, double householdNetKw)
    {
        var outdoor = Site.OutdoorTemperatureC(start);
        var cooling = outdoor > 20;
        // Scheduled, the compressor is an on/off load: in each interval the houses whose draw falls within the fraction
        // pre-condition and the rest drift, each by two thirds of its allowance, so about the planned share runs.
        var offset = offsetC != 0 ? offsetC : Scheduled(start) switch
        {
            { RunsOnOff: true } => -MaxOffsetC * 2 / 3,
            { } => MaxOffsetC * 2 / 3,
            null => 0,
        };
        // While it sheds for an event the house holds the event's setpoint, unless the household put its own back.
        var setpoint = EventSetpointC(start) ?? (cooling ? 24 : 21) + (cooling ? offset : -offset);
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
