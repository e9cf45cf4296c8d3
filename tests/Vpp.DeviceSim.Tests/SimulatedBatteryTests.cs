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

    [Fact]
    public void In_its_opt_out_window_a_battery_follows_no_schedule_and_runs_on_its_own_and_follows_again_once_it_is_withdrawn()
    {
        var battery = Battery(socPct: 20, reservePct: 20);
        var desired = Schedules.Rolling(battery.Type, Noon, [.. Enumerable.Repeat(1.0, 8)]); // full charge for two hours
        desired["optOuts"] = new JsonObject
        {
            ["oo-1"] = new JsonObject { ["fromUtc"] = "2026-11-23T20:30:00Z", ["untilUtc"] = "2026-11-23T21:30:00Z" }, // 12:30 to 13:30 local
        };

        var applied = battery.ApplyDesired(desired);
        var powerKw = Enumerable.Range(0, 8).Select(k => battery.Step(Noon.AddMinutes(15 * k), 900).PowerKw).ToList();
        desired["optOuts"] = new JsonObject();
        _ = battery.ApplyDesired(desired);
        var withdrawnKw = battery.Step(Noon.AddMinutes(15 * 3), 900).PowerKw;

        Assert.Equal(1, applied["optOuts"]!.GetValue<int>());
        Assert.Equal([5, 5, 5, 5], powerKw.Take(2).Concat(powerKw.Skip(6)));
        Assert.All(powerKw.Skip(2).Take(4), kw => Assert.True(kw <= 0, $"{kw} kW in the window: with no sun, self-consumption never charges"));
        Assert.Equal(5, withdrawnKw);
    }

    // As the twin delivers it: parsed JSON, integers and all.
    private static JsonObject Desired(string json) => JsonNode.Parse(json)!.AsObject();

    private static SimulatedBattery Battery(double socPct, double reservePct) =>
        new("battery-1", new SiteEnvironment(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), new Random(1)), baseLoadKw: 0.4, pvKw: 0, capacityKwh: 13.5, maxKw: 5, reservePct: reservePct, socPct: socPct);
}
