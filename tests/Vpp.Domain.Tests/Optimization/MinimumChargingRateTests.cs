using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Tests.Optimization;

/// <summary>A charger cannot offer a car less than 6 A: it pauses, runs at 1.44 kW or more, or tops the car up.</summary>
public sealed class MinimumChargingRateTests
{
    private static readonly PlanningHorizon Day = MixedFleetBuilder.Day;

    /// <summary>Plugged in for the first four hours (intervals 0–15), needing 10 kWh.</summary>
    private static FlexibleDevice Charger(string id = "ev", double needKwh = 10) =>
        FlexibleDevices.EvCharger(id, Day, 7.2, [new EvSession(Day.StartUtc, Day.StartUtc.AddHours(4), needKwh)], ChargingStandard.MinimumChargingKw);

    private static DevicePlan PlanOf(FlexibleDevice device, DeviceEnvelope envelope, Func<int, double> powerKw)
    {
        var power = Enumerable.Range(0, Day.Intervals).Select(powerKw).ToArray();
        var energy = new double[power.Length];
        var e = device.InitialEnergyKwh;
        for (var t = 0; t < power.Length; t++)
        {
            e = envelope.Next(t, e, power[t]);
            energy[t] = e;
        }

        return new DevicePlan(device.DeviceId, power, energy);
    }

    [Fact]
    public void A_plan_that_trickles_below_the_minimum_is_infeasible_and_says_where()
    {
        var charger = Charger();
        var envelope = DeviceEnvelope.Of(charger, Day.IntervalHours);

        // 2.5 kW for 16 intervals is exactly 10 kWh, but 0.5 kW in interval 3 is not a rate a car can take.
        var trickle = PlanOf(charger, envelope, t => t switch { < 3 => 3, 3 => 0.5, < 16 => (10 - 2.25 - 0.125) / 3, _ => 0 });

        var violation = Assert.Single(PlanFeasibility.Violations(envelope, trickle));
        Assert.StartsWith("interval 3: 0.5 kW is below the 1.44 kW", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Pausing_running_at_the_minimum_and_topping_the_car_up_are_all_feasible()
    {
        var charger = Charger();
        var envelope = DeviceEnvelope.Of(charger, Day.IntervalHours);

        // Pause for an hour, then 1.44 kW, then full power, and the last 0.16 kWh fills the car (0.64 kW is a top-up).
        var plan = PlanOf(charger, envelope, t => t switch { < 4 => 0, < 8 => 1.44, < 12 => 7.2, 12 => 4.8, 13 => 0.64, _ => 0 });

        Assert.Equal(10, plan.EnergyKwh[^1], 6);
        Assert.Empty(PlanFeasibility.Violations(envelope, plan));
    }

    [Fact]
    public void Splitting_a_cohort_target_too_small_for_every_car_pauses_some_and_runs_the_rest_at_the_minimum()
    {
        var chargers = Enumerable.Range(0, 10).Select(i => Charger($"ev-{i}")).ToList();
        var cohort = Assert.Single(DeviceCohort.Group(chargers, Day.IntervalHours));
        // 3 kW shared by ten cars is 0.3 kW each, which none can draw: two run at 1.44 kW and the rest pause, within half a
        // minimum of the plan; later the cohort catches up at full power.
        var target = Enumerable.Range(0, Day.Intervals).Select(t => t switch { < 4 => 3.0, < 16 => (100 - 3) / 3.0, _ => 0 }).ToArray();

        var (plans, deviationKw) = Disaggregation.Split(cohort, target);

        for (var t = 0; t < 4; t++)
        {
            var powers = plans.Select(p => p.PowerKw[t]).ToList();
            Assert.All(powers, p => Assert.True(p == 0 || p >= ChargingStandard.MinimumChargingKw - 1e-9, $"interval {t}: {p:0.###} kW"));
            Assert.Equal(2, powers.Count(p => p > 0));
            Assert.InRange(deviationKw[t], -ChargingStandard.MinimumChargingKw / 2, ChargingStandard.MinimumChargingKw / 2);
        }

        Assert.All(plans, p => Assert.Empty(PlanFeasibility.Violations(cohort.Members.Single(m => m.Device.DeviceId == p.DeviceId), p)));
    }

    [Fact]
    public void A_lone_charger_is_a_cohort_that_runs_at_its_minimum_and_a_group_is_not()
    {
        Assert.Equal(ChargingStandard.MinimumChargingKw, Assert.Single(DeviceCohort.Individually([Charger()], Day.IntervalHours)).MinRunningPowerKw);
        Assert.Equal(0, Assert.Single(DeviceCohort.Group([Charger("a"), Charger("b")], Day.IntervalHours)).MinRunningPowerKw);
        Assert.Contains((Charger() with { MinRunningPowerKw = -1 }).Validate(), e => e.Contains("minimum running power", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(7.2, 7.2)]
    [InlineData(1.44, 1.44)]
    [InlineData(0.72, 1.44)]
    [InlineData(0.71, 0)]
    [InlineData(0, 0)]
    public void A_charger_offers_the_request_or_the_nearer_of_pausing_and_the_minimum(double requestedKw, double offeredKw) =>
        Assert.Equal(offeredKw, ChargingStandard.OfferableKw(requestedKw));
}
