using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;

namespace Vpp.DeviceSim.Tests;

/// <summary>Simulated devices following the <c>dispatchEvent</c> desired property (docs/device-twin.md).</summary>
public sealed class DispatchEventFollowingTests
{
    /// <summary>17:00 on 14 July 2026 in Los Angeles: about 30 °C outside, so heat pumps cool.</summary>
    private static readonly DateTimeOffset Start = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);

    private static JsonObject Command(string eventId, double?[] powerKw, double? setpointC, DateTimeOffset release, string step = "shed") => new()
    {
        ["dispatchEvent"] = new JsonObject
        {
            ["eventId"] = eventId,
            ["commandId"] = $"{eventId}/{step}",
            ["step"] = step,
            ["kind"] = "reduce",
            ["startUtc"] = Utc(Start),
            ["endUtc"] = Utc(Start.AddHours(1)),
            ["planStartUtc"] = Utc(Start),
            ["intervalMinutes"] = 15,
            ["powerKw"] = new JsonArray([.. powerKw.Select(p => (JsonNode?)p)]),
            ["setpointC"] = setpointC,
            ["releaseUtc"] = Utc(release),
        },
    };

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public void A_battery_draws_what_the_event_commands_until_its_release_and_then_runs_on_its_own()
    {
        var battery = new SimulatedBattery("battery-1", Schedules.LosAngelesSite(1), baseLoadKw: 0.4, pvKw: 0, capacityKwh: 13.5, maxKw: 5, reservePct: 20, socPct: 90);
        var applied = battery.ApplyDesired(Command("ev-1", [-4, -4, -4, -4], null, Start.AddHours(1)));

        var during = Enumerable.Range(0, 4).Select(k => battery.Step(Start.AddMinutes(15 * k), 900).PowerKw).ToList();
        var after = battery.Step(Start.AddHours(1), 900).PowerKw;

        Assert.Equal("ev-1/shed", applied["dispatchEventCommandId"]!.GetValue<string>());
        Assert.All(during, kw => Assert.Equal(-4, kw, 3));
        Assert.NotEqual(-4, after, 3);
    }

    [Fact]
    public void Past_the_plan_a_device_is_held_drawing_nothing_it_can_defer_until_its_release()
    {
        var battery = new SimulatedBattery("battery-1", Schedules.LosAngelesSite(1), baseLoadKw: 0.4, pvKw: 0, capacityKwh: 13.5, maxKw: 5, reservePct: 20, socPct: 90);
        _ = battery.ApplyDesired(Command("ev-1", [-4, -4, -4, -3], null, Start.AddMinutes(90)));

        var steps = Enumerable.Range(0, 7).Select(k => battery.Step(Start.AddMinutes(15 * k), 900).PowerKw).ToList();

        // A battery held idles (it neither discharges nor covers its home); released, it covers the home again.
        Assert.Equal([-4, -4, -4, -3, 0, 0], steps.Take(6).Select(kw => Math.Round(kw, 3)));
        Assert.True(steps[6] < 0, $"released, the battery covers its home: {steps[6]}");
    }

    [Fact]
    public void A_tank_commanded_less_than_half_its_element_sheds_and_one_commanded_more_heats_every_one_of_them()
    {
        static List<SimulatedWaterHeater> Tanks(double kw) =>
        [
            .. Enumerable.Range(0, 200).Select(i =>
            {
                var tank = new SimulatedWaterHeater($"wh-{i:000}", Schedules.LosAngelesSite(i), baseLoadKw: 0.4, pvKw: 0, elementKw: 4.5, tankC: 52);
                _ = tank.ApplyDesired(Command("ev-1", [kw, kw, kw, kw], null, Start.AddHours(1)));
                return tank;
            }),
        ];

        // Above its 45 °C floor a tank held at 1 kW (what its draw needs, planned at the floor) does not heat; at 4 kW all heat.
        Assert.All(Tanks(1).Select(t => t.Step(Start, 60).PowerKw), kw => Assert.Equal(0, kw));
        Assert.All(Tanks(4).Select(t => t.Step(Start, 60).PowerKw), kw => Assert.Equal(4.5, kw));
    }

    [Fact]
    public void A_restore_that_moves_the_release_earlier_releases_the_device_then()
    {
        var battery = new SimulatedBattery("battery-1", Schedules.LosAngelesSite(1), baseLoadKw: 0.4, pvKw: 0, capacityKwh: 13.5, maxKw: 5, reservePct: 20, socPct: 90);
        _ = battery.ApplyDesired(Command("ev-1", [-4, -4, -4, -4], null, Start.AddHours(1)));
        _ = battery.ApplyDesired(Command("ev-1", [-4, -4, -4, -4], null, Start.AddMinutes(15), step: "restore"));

        Assert.Equal(-4, battery.Step(Start, 900).PowerKw, 3);
        Assert.NotEqual(-4, battery.Step(Start.AddMinutes(15), 900).PowerKw, 3);
    }

    [Fact]
    public void In_its_opt_out_window_a_device_follows_no_event()
    {
        var battery = new SimulatedBattery("battery-1", Schedules.LosAngelesSite(1), baseLoadKw: 0.4, pvKw: 0, capacityKwh: 13.5, maxKw: 5, reservePct: 20, socPct: 90);
        var desired = Command("ev-1", [-4, -4, -4, -4], null, Start.AddHours(1));
        desired["optOuts"] = new JsonObject { ["oo-1"] = new JsonObject { ["fromUtc"] = Utc(Start), ["untilUtc"] = Utc(Start.AddHours(2)) } };
        _ = battery.ApplyDesired(desired);

        Assert.NotEqual(-4, battery.Step(Start, 900).PowerKw, 3);
    }

    [Fact]
    public void Thermostats_hold_the_event_setpoint_and_about_one_household_in_twenty_puts_its_own_back_the_same_ones_after_a_restart()
    {
        static List<SimulatedThermostat> Houses()
        {
            var houses = Enumerable.Range(0, 2_000).Select(i => new SimulatedThermostat($"th-{i:D5}", Schedules.LosAngelesSite(i), baseLoadKw: 0.4, pvKw: 0, hvacKw: 3, indoorC: 24)).ToList();
            houses.ForEach(t => t.ApplyDesired(Command("ev-2", [0, 0, 0, 0], 26, Start.AddHours(1))));
            return houses;
        }

        var thermostats = Houses();
        var first = thermostats.Select(t => t.Step(Start, 60)).ToList();
        var overridden = thermostats.Where(t => t.Step(Start.AddMinutes(59), 60).SetpointC != 26).Select(t => t.DeviceId).ToList();
        var afterRestart = Houses().Where(t => t.Step(Start.AddMinutes(59), 60).SetpointC != 26).Select(t => t.DeviceId);

        Assert.InRange(first.Count(r => r.SetpointC == 26), 1_880, 2_000);
        Assert.InRange(overridden.Count, 60, 140);
        Assert.Equal(overridden, afterRestart);
    }
}
