using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Tests;

public sealed class SimulatedEvChargerTests
{
    private const double RatedKw = 7.2;
    private const double QuarterHourSeconds = 900;

    // 22:00 in Los Angeles: the car is plugged in and needs 8-40 kWh by 07:00-08:00, at most 4.4 kW on average.
    private static readonly DateTimeOffset Evening = Schedules.LosAngelesEvening;

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
    public void A_fleet_scheduled_below_the_minimum_draws_its_fraction_on_average_each_charger_paused_or_at_the_minimum()
    {
        const int fleet = 4_000;
        var from = Evening.AddMinutes(15);
        var chargers = Enumerable.Range(0, fleet).Select(i => PluggedIn(out _, $"ev-{i:D5}", seed: i)).ToList();
        var quarters = chargers.Select(c =>
        {
            _ = c.ApplyDesired(Schedules.Rolling(DeviceType.EvCharger, from, 0.1, 0.05, 0.5));
            return Quarters(c, from, 3).Select(r => r.PowerKw).ToArray();
        }).ToList();

        // A tenth of 7.2 kW is half the 1.44 kW minimum: half the cars run at it; a twentieth, a quarter of them.
        Assert.All(quarters, q => Assert.True(q[0] is 0 or ChargingStandard.MinimumChargingKw && q[1] is 0 or ChargingStandard.MinimumChargingKw, string.Join(", ", q)));
        Assert.InRange(quarters.Average(q => q[0]), 0.1 * RatedKw * 0.92, 0.1 * RatedKw * 1.08);
        Assert.InRange(quarters.Average(q => q[1]), 0.05 * RatedKw * 0.9, 0.05 * RatedKw * 1.1);
        Assert.All(quarters, q => Assert.Equal(0.5 * RatedKw, q[2]));
    }

    [Fact]
    public void A_charger_restarted_mid_interval_makes_the_same_choice_whatever_else_changed()
    {
        var from = Evening.AddMinutes(15);
        double ChoiceAfterStart(string deviceId, int seed)
        {
            var charger = PluggedIn(out _, deviceId, seed);
            _ = charger.ApplyDesired(Schedules.Rolling(DeviceType.EvCharger, from, 0.1));
            return charger.Step(from.AddMinutes(5), 300).PowerKw;
        }

        // The restarted process has another car's session and another random state; the lot is the device's own.
        var before = Enumerable.Range(0, 200).Select(i => ChoiceAfterStart($"ev-{i:D5}", seed: i)).ToList();
        var after = Enumerable.Range(0, 200).Select(i => ChoiceAfterStart($"ev-{i:D5}", seed: 1_000 + i)).ToList();

        Assert.Equal(before, after);
        Assert.Contains(before, kw => kw == 0);
        Assert.Contains(before, kw => kw == ChargingStandard.MinimumChargingKw);
    }

    private static SimulatedEvCharger PluggedIn(out double firstKw, string deviceId = "ev-1", int seed = 1)
    {
        var charger = new SimulatedEvCharger(deviceId, Schedules.LosAngelesSite(seed), baseLoadKw: 0.4, pvKw: 0, maxKw: RatedKw);
        firstKw = charger.Step(Evening, QuarterHourSeconds).PowerKw;
        return charger;
    }

    private static List<Reading> Quarters(SimulatedEvCharger charger, DateTimeOffset from, int count) =>
        [.. Enumerable.Range(0, count).Select(k => charger.Step(from.AddMinutes(15 * k), QuarterHourSeconds))];
}
