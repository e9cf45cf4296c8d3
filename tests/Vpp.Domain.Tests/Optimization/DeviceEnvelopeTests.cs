using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Tests.Optimization;

public sealed class DeviceEnvelopeTests
{
    private static readonly PlanningHorizon Day = MixedFleetBuilder.Day;

    /// <summary>An evening event's three hours, 17:00–20:00 in Los Angeles, in quarter hours.</summary>
    private static readonly PlanningHorizon Evening = new(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero), 12, TimeSpan.FromMinutes(15));

    [Fact]
    public void An_ev_must_start_charging_early_enough_to_be_ready_at_departure()
    {
        // 2 hours plugged in, 7.2 kW: 14.4 kWh is the most it can take; it needs 12.
        var ev = FlexibleDevices.EvCharger("ev", Day, 7.2, [new EvSession(Day.StartUtc, Day.StartUtc.AddHours(2), 12)], ChargingStandard.MinimumChargingKw);

        var envelope = DeviceEnvelope.Of(ev, Day.IntervalHours);

        Assert.Empty(envelope.Conflicts);
        Assert.Equal(12, envelope.LowerKwh[7], 6);
        // At the end of interval 5 (1.5 h in) at least 12 − 0.5 h × 7.2 = 8.4 kWh must already be in the car.
        Assert.Equal(8.4, envelope.LowerKwh[5], 6);
        Assert.Equal(0, envelope.LowerKwh[0], 6);
        Assert.All(envelope.UpperKwh.Skip(8), u => Assert.Equal(12, u, 6));
        Assert.Equal(0, ev.MaxPowerKw[8]);
    }

    [Fact]
    public void An_ev_leaving_after_the_horizon_needs_its_share_by_the_end_may_take_all_it_still_needs_and_charges_full_undispatched()
    {
        // An event's three hours, 17:00–20:00; the car came home at 16:00 needing 26 kWh by 07:00 (15 hours: 1 before the
        // horizon, 3 inside, 11 after), at 7.2 kW.
        var ev = FlexibleDevices.EvCharger("ev", Evening, 7.2, [new EvSession(Evening.StartUtc.AddHours(-1), Evening.StartUtc.AddHours(14), 26)], ChargingStandard.MinimumChargingKw);

        var envelope = DeviceEnvelope.Of(ev, Evening.IntervalHours);

        Assert.Empty(envelope.Conflicts);
        // Its share of the hours before the horizon (1 of 15) is taken as charged; of the rest, 3 of 14 hours' share by 20:00.
        var left = 26 * 14.0 / 15;
        Assert.Equal(left * 3 / 14, envelope.LowerKwh[^1], 6);
        Assert.All(ev.MaxEnergyKwh, u => Assert.Equal(left, u, 6));
        // Undispatched it charges flat out all three hours (21.6 kWh of the 24.3 it still needs), not until its 5.2 kWh share.
        Assert.All(ev.BaselinePowerKw, p => Assert.Equal(7.2, p, 6));
    }

    [Fact]
    public void In_an_events_plan_a_car_staying_past_the_end_owes_by_then_only_what_it_could_not_take_afterwards()
    {
        // The event's three hours; one car leaves at 07:00 needing 26 kWh, one an hour after the end needing 25, at 7.2 kW.
        EvSession Leaving(double hoursAfterEnd, double needKwh) => new(Evening.StartUtc, Evening.EndUtc.AddHours(hoursAfterEnd), needKwh);
        FlexibleDevice Car(EvSession session, EvNeedPastHorizon need) => FlexibleDevices.EvCharger("ev", Evening, 7.2, [session], ChargingStandard.MinimumChargingKw, need);

        var overnight = Car(Leaving(11, 26), EvNeedPastHorizon.Unavoidable);
        var soon = Car(Leaving(1, 25), EvNeedPastHorizon.Unavoidable);
        var soonProRata = Car(Leaving(1, 25), EvNeedPastHorizon.ProRata);

        Assert.All(overnight.MinEnergyKwh, floor => Assert.Equal(0, floor));
        Assert.Equal(25 - 7.2, soon.MinEnergyKwh[^1], 6); // the hour after the end takes 7.2 kWh at most
        Assert.Equal(25 * 3.0 / 4, soonProRata.MinEnergyKwh[^1], 6);
        Assert.Empty(DeviceEnvelope.Of(soon, Evening.IntervalHours).Conflicts);
        Assert.Equal(soon.MaxEnergyKwh, soonProRata.MaxEnergyKwh); // either may take all it needs within the three hours, as far as its charger allows
    }

    [Fact]
    public void An_ev_that_cannot_be_ready_is_relaxed_to_what_it_can_take_and_the_conflict_says_by_how_much()
    {
        var ev = FlexibleDevices.EvCharger("ev", Day, 7.2, [new EvSession(Day.StartUtc, Day.StartUtc.AddHours(1), 20)], ChargingStandard.MinimumChargingKw);

        var envelope = DeviceEnvelope.Of(ev, Day.IntervalHours);

        var conflict = Assert.Single(envelope.Conflicts);
        Assert.Equal("energy required by departure", conflict.Limit);
        Assert.Equal(20 - 7.2, conflict.ShortBy, 6);
        Assert.Equal(3, conflict.FromInterval);
        var plan = Assert.Single(Split(envelope, Enumerable.Repeat(0.0, Day.Intervals).ToArray()).Plans);
        Assert.Equal(7.2, plan.PowerKw[0], 6);
        Assert.Empty(PlanFeasibility.Violations(envelope, plan));
    }

    [Fact]
    public void A_water_heater_whose_draws_exceed_its_element_reports_the_comfort_floor_it_cannot_hold()
    {
        var draws = Enumerable.Repeat(8.0, Day.Intervals).ToArray();
        var heater = FlexibleDevices.WaterHeater("wh", Day, 4.5, 50, 45, 65, 55, draws, ThermalParameters.TypicalTank);

        var envelope = DeviceEnvelope.Of(heater, Day.IntervalHours);

        var conflict = Assert.Single(envelope.Conflicts);
        Assert.Equal("comfort minimum", conflict.Limit);
        Assert.True(conflict.ShortBy > 1, conflict.ToString());
    }

    [Fact]
    public void A_battery_below_its_reserve_must_charge_back_to_it_before_it_may_discharge()
    {
        var battery = FlexibleDevices.Battery("b", Day, 10, 20, 10, 5, 5, 0.9);

        var envelope = DeviceEnvelope.Of(battery, Day.IntervalHours);

        Assert.Empty(envelope.Conflicts);
        var (min, _) = envelope.PowerRange(0, battery.InitialEnergyKwh);
        Assert.True(min > 0, $"from 1 kWh below the reserve the battery must charge, the lowest power was {min} kW");
    }

    [Fact]
    public void Thermostat_cooling_the_store_is_coolth_within_the_allowed_offset_and_the_baseline_holds_the_setpoint()
    {
        var outdoor = Enumerable.Range(0, Day.Intervals).Select(MixedFleetBuilder.OutdoorC).ToArray();
        var house = ThermalParameters.TypicalHouse;
        var thermostat = FlexibleDevices.Thermostat("th", Day, 3.5, 24, 24, 18, 27, outdoor, house);

        // Allowed 22..26 °C: 4 °C × 2.5 kWh/°C ÷ COP 3 of electricity; at the setpoint the store is half full.
        Assert.Equal(4 * 2.5 / 3, thermostat.MaxEnergyKwh[0], 6);
        Assert.Equal(2 * 2.5 / 3, thermostat.InitialEnergyKwh, 6);
        var hottest = Array.IndexOf(outdoor, outdoor.Max());
        Assert.Equal(0.18 * (outdoor[hottest] - 24) / 3, thermostat.BaselinePowerKw[hottest], 6);
        Assert.Equal(DeviceType.Thermostat, thermostat.Type);
    }

    [Fact]
    public void A_cooling_house_on_a_cool_night_gains_coolth_only_up_to_its_ceiling_and_is_not_told_to_cool_further()
    {
        // 16 °C outside, 24 °C set: the house cools by itself at 0.18 × 8 ÷ 3 = 0.48 kW of the compressor's worth.
        var night = Enumerable.Repeat(16.0, Day.Intervals).ToArray();
        var house = FlexibleDevices.Thermostat("th", Day, 3.5, 24, 24, 18, 27, night, ThermalParameters.TypicalHouse, cooling: true);
        var ceiling = house.MaxEnergyKwh[0];

        var envelope = DeviceEnvelope.Of(house, Day.IntervalHours);

        Assert.Empty(envelope.Conflicts);
        Assert.All(envelope.UpperKwh[1..], u => Assert.Equal(ceiling, u, 9));
        // Left alone the store fills by 0.12 kWh a quarter hour from half full, and stops at its ceiling.
        Assert.Equal(house.InitialEnergyKwh + 0.12, envelope.LowerKwh[0], 9);
        Assert.All(envelope.LowerKwh[14..], l => Assert.Equal(ceiling, l, 9));
        Assert.All(house.BaselinePowerKw, p => Assert.Equal(0, p, 9));
        Assert.Equal(ceiling, house.NextEnergyKwh(0, ceiling - 0.05, 0, Day.IntervalHours), 9);
        // Power the store cannot hold is not hidden by the gain: it shows as energy past the ceiling.
        Assert.Equal(ceiling + 0.2, house.NextEnergyKwh(0, ceiling - 0.05, 1, Day.IntervalHours), 9);
        // Full, the house has no room to pre-cool: nothing may run; 0.05 kWh short, it may cool only that much.
        Assert.Equal((0, 0), envelope.PowerRange(20, ceiling));
        var (minKw, maxKw) = envelope.PowerRange(20, ceiling - 0.05);
        Assert.Equal(0, minKw, 9);
        Assert.Equal(0.05 / Day.IntervalHours, maxKw, 9);
    }

    [Fact]
    public void A_house_still_warming_to_a_setpoint_just_raised_must_keep_warming_and_is_not_a_missed_limit()
    {
        // 19.7 °C indoors, the customer's morning setpoint 23 °C: the band is 21–24 °C, and the heat pump needs a while.
        var cold = Enumerable.Repeat(5.0, Day.Intervals).ToArray();
        var house = FlexibleDevices.Thermostat("th", Day, 3.5, 19.7, 23, 18, 27, cold, ThermalParameters.TypicalHouse, cooling: false);

        var envelope = DeviceEnvelope.Of(house, Day.IntervalHours);

        Assert.Empty(envelope.Conflicts);
        Assert.True(house.InitialEnergyKwh < 0, "the house starts below the band");
        // Below the band the floor is where the house would be undispatched: the plan may not slow the recovery.
        var undispatched = house.InitialEnergyKwh;
        for (var t = 0; undispatched < 0; t++)
        {
            Assert.Equal(3.5, house.BaselinePowerKw[t], 9);
            var (minKw, _) = envelope.PowerRange(t, undispatched);
            undispatched = house.NextEnergyKwh(t, undispatched, house.BaselinePowerKw[t], Day.IntervalHours);
            Assert.Equal(Math.Min(0, undispatched), envelope.LowerKwh[t], 9);
            if (undispatched < 0)
            {
                Assert.Equal(3.5, minKw, 9);
            }
        }

        Assert.All(house.MinEnergyKwh, floor => Assert.True(floor <= 0));
        Assert.Equal(0, house.MinEnergyKwh[^1], 9);
    }

    [Fact]
    public void A_house_the_sun_warmed_past_its_pre_heat_limit_keeps_its_heat_pump_off_and_is_not_a_missed_limit()
    {
        // 22 °C indoors against a 19 °C heating setpoint, the heat pump idle: the band tops out at 21 °C.
        var mild = Enumerable.Repeat(12.0, Day.Intervals).ToArray();
        var house = FlexibleDevices.Thermostat("th", Day, 2.5, 22, 19, 18, 27, mild, ThermalParameters.TypicalHouse, cooling: false);

        var envelope = DeviceEnvelope.Of(house, Day.IntervalHours);

        Assert.Empty(envelope.Conflicts);
        Assert.True(house.InitialEnergyKwh > house.MaxEnergyKwh[^1], "the house starts above the band");
        var (minKw, maxKw) = envelope.PowerRange(0, house.InitialEnergyKwh);
        Assert.Equal(0, minKw, 9);
        Assert.Equal(0, maxKw, 9);
        Assert.Equal(0, house.BaselinePowerKw[0], 9);
        Assert.Equal(house.NextEnergyKwh(0, house.InitialEnergyKwh, 0, Day.IntervalHours), envelope.UpperKwh[0], 9);
    }

    [Fact]
    public void A_cohort_that_keeps_its_baseline_leaves_every_member_on_its_own()
    {
        var (devices, _) = new MixedFleetBuilder(3).Build(300);
        var followed = 0;
        foreach (var cohort in DeviceCohort.Group(devices.Where(d => d.Type is DeviceType.Thermostat or DeviceType.WaterHeater), Day.IntervalHours))
        {
            var (plans, deviation) = Disaggregation.Split(cohort, cohort.BaselinePowerKw);

            Assert.All(deviation, d => Assert.Equal(0, d, 6));
            for (var i = 0; i < plans.Count; i++)
            {
                // Members whose own baseline breaks a limit of theirs are steered off it; every other keeps it exactly.
                if (BaselineStaysInside(cohort.Members[i]))
                {
                    Assert.Equal(cohort.Members[i].Device.BaselinePowerKw, plans[i].PowerKw, (a, b) => Math.Abs(a - b) < 1e-6);
                    followed++;
                }
            }
        }

        Assert.True(followed > 50, $"only {followed} members' baselines stay inside their limits");
    }

    private static bool BaselineStaysInside(DeviceEnvelope member)
    {
        var energy = member.Device.InitialEnergyKwh;
        for (var t = 0; t < member.Device.Intervals; t++)
        {
            energy = member.Next(t, energy, member.Device.BaselinePowerKw[t]);
            if (energy < member.LowerKwh[t] - 1e-9 || energy > member.UpperKwh[t] + 1e-9)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Disaggregated_plans_of_a_random_mixed_fleet_are_feasible_for_every_device_whatever_the_cohort_asks()
    {
        var (devices, _) = new MixedFleetBuilder(7).Build(400);
        var random = new Random(3);
        var infeasible = 0;
        foreach (var cohort in DeviceCohort.Group(devices, Day.IntervalHours))
        {
            // An arbitrary, often impossible, cohort trajectory: the split must still keep every member within its limits.
            var target = Enumerable.Range(0, Day.Intervals).Select(t => cohort.MinPowerKw[t] + (random.NextDouble() * 1.4 * (cohort.MaxPowerKw[t] - cohort.MinPowerKw[t]))).ToArray();
            var (plans, _) = Disaggregation.Split(cohort, target);
            infeasible += plans.Where((plan, i) => PlanFeasibility.Violations(cohort.Members[i], plan).Count > 0).Count();
        }

        Assert.Equal(0, infeasible);
    }

    [Fact]
    public void The_independent_check_catches_a_plan_that_breaks_the_backup_reserve()
    {
        var battery = FlexibleDevices.Battery("b", new PlanningHorizon(Day.StartUtc, 2, TimeSpan.FromHours(1)), 10, 20, 50, 5, 5, 1);
        var overdrawn = new DevicePlan("b", [-2, -2], [3, 1]);

        var violations = PlanFeasibility.Violations(DeviceEnvelope.Of(battery, 1), overdrawn);

        Assert.Contains(violations, v => v.Contains("below the floor 2 kWh by 1", StringComparison.Ordinal));
    }

    private static (IReadOnlyList<DevicePlan> Plans, double[] DeviationKw) Split(DeviceEnvelope envelope, double[] target) =>
        Disaggregation.Split(new DeviceCohort("one", [envelope]), target);
}
