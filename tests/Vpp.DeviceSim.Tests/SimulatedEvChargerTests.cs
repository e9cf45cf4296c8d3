using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Tests;

public sealed class SimulatedEvChargerTests
{
    private const double RatedKw = 7.2;
    private const double QuarterHourSeconds = 900;

    // 22:00 in Los Angeles: the car is plugged in and needs 8-40 kWh by 07:00-08:00, at most 4.4 kW on average.
    private static readonly DateTimeOffset Evening = new(2026, 11, 23, 22, 0, 0, TimeSpan.FromHours(-8));

    [Fact]
    public void A_paused_charger_stays_paused_while_the_car_can_still_be_full_by_departure()
    {
        var charger = PluggedIn(out var firstKw);

        var applied = charger.ApplyDesired(new JsonObject { ["mode"] = "pause" });
        var paused = Quarters(charger, Evening.AddMinutes(15), 8);

        Assert.Equal(RatedKw, firstKw);
        Assert.Equal(0, applied["maxChargeKw"]!.GetValue<double>());
        Assert.All(paused, r => Assert.Equal(0, r.PowerKw));
        Assert.All(paused, r => Assert.True(r.Plugged));
    }

    [Fact]
    public void A_pause_gives_way_to_full_power_once_only_full_power_fills_the_car_by_departure()
    {
        var charger = PluggedIn(out _);
        _ = charger.ApplyDesired(new JsonObject { ["mode"] = "pause" });

        var night = Quarters(charger, Evening.AddMinutes(15), 4 * 10);
        var last = night.Last(r => r.SessionEnergyKwh > 0);

        Assert.Contains(night, r => r.PowerKw == RatedKw);
        Assert.Contains(night, r => r.PowerKw == 0);
        Assert.All(night.SkipWhile(r => r.Plugged == true), r => Assert.Equal(0, r.PowerKw)); // gone by morning
        Assert.True(last.SessionEnergyKwh >= 8, $"{last.SessionEnergyKwh} kWh delivered");
    }

    [Theory]
    [InlineData(3.0, 3.0)]
    [InlineData(1.0, ChargingStandard.MinimumChargingKw)] // the pilot cannot offer less than 6 A
    [InlineData(0.5, 0)]
    public void A_cap_below_the_six_ampere_minimum_becomes_the_minimum_or_a_pause(double requestedKw, double drawnKw)
    {
        var charger = PluggedIn(out _);

        var applied = charger.ApplyDesired(new JsonObject { ["maxChargeKw"] = requestedKw });
        var next = charger.Step(Evening.AddMinutes(15), QuarterHourSeconds);

        Assert.Equal(drawnKw, applied["maxChargeKw"]!.GetValue<double>());
        Assert.Equal(drawnKw, next.PowerKw);
    }

    [Fact]
    public void A_scheduled_fraction_below_the_minimum_rounds_to_the_nearer_of_pausing_and_the_minimum()
    {
        var charger = PluggedIn(out _);
        var schedule = new JsonObject
        {
            ["planId"] = "plan-1",
            ["startUtc"] = Evening.AddMinutes(15).UtcDateTime.ToString("O"),
            ["intervalMinutes"] = 15,
            ["powerFractionByType"] = new JsonObject { [DeviceType.EvCharger.ToWire()] = new JsonArray(0.15, 0.05, 0.5) },
        };

        _ = charger.ApplyDesired(new JsonObject { ["schedule"] = schedule });
        var followed = Quarters(charger, Evening.AddMinutes(15), 3).Select(r => r.PowerKw).ToArray();

        Assert.Equal([ChargingStandard.MinimumChargingKw, 0, 3.6], followed);
    }

    private static SimulatedEvCharger PluggedIn(out double firstKw)
    {
        var charger = new SimulatedEvCharger("ev-1", new SiteEnvironment(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), new Random(1)), baseLoadKw: 0.4, pvKw: 0, maxKw: RatedKw);
        firstKw = charger.Step(Evening, QuarterHourSeconds).PowerKw;
        return charger;
    }

    private static List<Reading> Quarters(SimulatedEvCharger charger, DateTimeOffset from, int count) =>
        [.. Enumerable.Range(0, count).Select(k => charger.Step(from.AddMinutes(15 * k), QuarterHourSeconds))];
}
