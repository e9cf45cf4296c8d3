using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;

namespace Vpp.DeviceSim.Tests;

public sealed class SimulatedBatteryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(-8));

    [Fact]
    public void A_discharge_command_stops_at_the_backup_reserve()
    {
        var battery = Battery(socPct: 40, reservePct: 20);
        _ = battery.ApplyDesired(Desired("""{ "mode": "discharge", "setpointKw": 5 }"""));

        var readings = Enumerable.Range(0, 16).Select(k => battery.Step(Noon.AddMinutes(15 * k), 900)).ToList();

        Assert.Equal(-5, readings[0].PowerKw);
        Assert.Equal(20, battery.StateOfChargePct, 6);
        Assert.Equal(0, readings[^1].PowerKw);
    }

    [Fact]
    public void A_full_cycle_returns_the_round_trip_efficiency_and_a_setpoint_above_the_rating_is_clamped()
    {
        var battery = Battery(socPct: 20, reservePct: 20);
        var applied = battery.ApplyDesired(Desired("""{ "mode": "charge", "setpointKw": 50 }"""));
        var charged = Enumerable.Range(0, 24).Sum(k => battery.Step(Noon.AddMinutes(15 * k), 900).PowerKw) / 4;
        _ = battery.ApplyDesired(Desired("""{ "mode": "discharge", "setpointKw": 5 }"""));
        var discharged = -Enumerable.Range(24, 24).Sum(k => battery.Step(Noon.AddMinutes(15 * k), 900).PowerKw) / 4;

        Assert.Equal(5, applied["setpointKw"]!.GetValue<double>());
        Assert.Equal(0.9, discharged / charged, 2); // 13.5 kWh × 80 % in at √0.9, out at √0.9
    }

    // As the twin delivers it: parsed JSON, integers and all.
    private static JsonObject Desired(string json) => JsonNode.Parse(json)!.AsObject();

    private static SimulatedBattery Battery(double socPct, double reservePct) =>
        new("battery-1", new SiteEnvironment(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), new Random(1)), baseLoadKw: 0.4, pvKw: 0, capacityKwh: 13.5, maxKw: 5, reservePct: reservePct, socPct: socPct);
}
