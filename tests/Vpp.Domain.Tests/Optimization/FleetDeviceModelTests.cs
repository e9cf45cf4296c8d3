using Vpp.Domain.Fleet;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests.Optimization;

public sealed class FleetDeviceModelTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    // Noon in Los Angeles (PDT) on Saturday 31 October 2026; the clocks go back at 02:00 on Sunday.
    private static readonly DateTimeOffset Noon = new(2026, 10, 31, 19, 0, 0, TimeSpan.Zero);

    private static FleetDevice Charger(bool plugged, double delivered = 0) =>
        new(TestDevices.EvCharger(), new LatestReading(9, Noon.AddMinutes(-1), 60, plugged ? 7.2 : 0, null, null, null, plugged, delivered, null, null, null));

    private static EvChargingHabits EveningCommuter() =>
        new(28, 25, [.. Enumerable.Range(0, 24).Select(h => h is >= 19 or < 7 ? 0.9 : 0.05)], 12, new TimeOnly(18, 30), new TimeOnly(7, 15), DepartureObserved: true);

    private static int IndexAt(PlanningHorizon horizon, DateTimeOffset instant) => (int)((instant - horizon.StartUtc) / horizon.Interval);

    [Fact]
    public void Without_habits_a_plugged_car_needs_the_typical_session_by_seven_and_an_unplugged_charger_offers_nothing()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);

        var plugged = FleetDeviceModel.From(Charger(plugged: true, delivered: 4), horizon, LosAngeles)!;
        var away = FleetDeviceModel.From(Charger(plugged: false), horizon, LosAngeles)!;

        var seven = IndexAt(horizon, new DateTimeOffset(2026, 11, 1, 15, 0, 0, TimeSpan.Zero)); // 07:00 PST, after the clocks went back
        Assert.Equal(FleetDeviceModel.TypicalEvSessionKwh - 4, plugged.MinEnergyKwh[seven - 1], 6);
        Assert.Equal(0, plugged.MaxPowerKw[seven]);
        Assert.All(away.MaxPowerKw, p => Assert.Equal(0, p));
    }

    [Fact]
    public void Without_habits_a_car_plugged_in_shortly_before_seven_needs_only_what_its_charger_can_deliver_by_then()
    {
        // 06:45 PST: a quarter of an hour at 7.2 kW is 1.8 kWh, far short of the typical 30 kWh less the 8 delivered.
        var quarterToSeven = new DateTimeOffset(2026, 11, 1, 14, 45, 0, TimeSpan.Zero);
        var horizon = PlanningHorizon.DayAhead(quarterToSeven);
        var reading = new LatestReading(9, quarterToSeven.AddMinutes(-1), 60, 7.2, null, null, null, true, 8, null, null, null);

        var car = FleetDeviceModel.From(new FleetDevice(TestDevices.EvCharger(), reading), horizon, LosAngeles)!;
        var learned = FleetDeviceModel.From(new FleetDevice(TestDevices.EvCharger(), reading), horizon, LosAngeles, new DeviceHabits(Charging: EveningCommuter()))!;

        Assert.Equal(1.8, car.MinEnergyKwh[0], 6);
        Assert.Empty(DeviceEnvelope.Of(car, horizon.IntervalHours).Conflicts);
        // A need the car's own history taught is the customer's, and missing it is reported.
        Assert.NotEmpty(DeviceEnvelope.Of(learned, horizon.IntervalHours).Conflicts);
    }

    [Fact]
    public void Learned_habits_expect_the_evening_arrival_and_set_its_energy_and_departure_in_local_time()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);

        var device = FleetDeviceModel.From(Charger(plugged: false), horizon, LosAngeles, new DeviceHabits(Charging: EveningCommuter()))!;

        var arrival = IndexAt(horizon, new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.Zero)); // 18:30 PDT
        var departure = IndexAt(horizon, new DateTimeOffset(2026, 11, 1, 15, 15, 0, TimeSpan.Zero)); // 07:15 PST
        Assert.Equal(0, device.MaxPowerKw[arrival - 1]);
        Assert.Equal(7.2, device.MaxPowerKw[arrival]);
        Assert.Equal(12, device.MinEnergyKwh[departure - 1], 6);
        Assert.Equal(0, device.MaxPowerKw[departure]);
    }

    [Fact]
    public void A_day_ahead_horizon_does_not_assume_the_car_plugged_in_now_is_still_there_tomorrow()
    {
        var tomorrow = new PlanningHorizon(new DateTimeOffset(2026, 11, 1, 7, 0, 0, TimeSpan.Zero), 100, TimeSpan.FromMinutes(15));

        var withoutHabits = FleetDeviceModel.From(Charger(plugged: true), tomorrow, LosAngeles)!;
        var withHabits = FleetDeviceModel.From(Charger(plugged: true), tomorrow, LosAngeles, new DeviceHabits(Charging: EveningCommuter()))!;

        Assert.All(withoutHabits.MaxPowerKw, p => Assert.Equal(0, p));
        // The car that usually arrives the evening before is expected overnight, with its share of a session's energy.
        var overnight = IndexAt(tomorrow, new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero)); // 02:00 PST
        var departure = IndexAt(tomorrow, new DateTimeOffset(2026, 11, 1, 15, 15, 0, TimeSpan.Zero)); // 07:15 PST
        Assert.Equal(7.2, withHabits.MaxPowerKw[overnight]);
        Assert.InRange(withHabits.MinEnergyKwh[departure - 1], 0.1 * 12, 12.0 * 8.25 / 13.75);
        Assert.Equal(0, withHabits.MaxPowerKw[departure + 1]);
        var evening = IndexAt(tomorrow, new DateTimeOffset(2026, 11, 2, 2, 30, 0, TimeSpan.Zero)); // 18:30 PST
        Assert.Equal(7.2, withHabits.MaxPowerKw[evening]);
    }

    [Fact]
    public void A_heat_pump_follows_the_outdoor_forecast_from_the_level_its_latest_power_holds_and_holds_that_level_without_one()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);
        var heatPump = new FleetDevice(TestDevices.Thermostat(), new LatestReading(9, Noon.AddMinutes(-1), 60, 1.5, null, null, null, null, null, null, 21, 21));
        // A cold night: 12 °C now, 4 °C by the small hours, a milder 14 °C the next morning.
        var forecast = Enumerable.Range(0, horizon.Intervals).Select(t => 12 - (8 * Math.Sin(Math.PI * Math.Min(t, 64) / 64))).Select(c => Math.Round(c, 1)).ToArray();
        forecast.AsSpan(forecast.Length - 32).Fill(14);

        var following = FleetDeviceModel.From(heatPump, horizon, LosAngeles, outdoorForecastC: forecast)!;
        var level = FleetDeviceModel.From(heatPump, horizon, LosAngeles)!;
        var patchy = FleetDeviceModel.From(heatPump, horizon, LosAngeles, outdoorForecastC: [.. forecast.Select((c, t) => t == 40 ? double.NaN : c)])!;

        var house = ThermalParameters.TypicalHouse;
        Assert.Equal(1.5, following.BaselinePowerKw[0], 6);
        Assert.Equal(1.5 + (house.LossKwPerC * 8 / house.Cop), following.BaselinePowerKw[32], 6); // 8 °C colder, more heat lost
        Assert.Equal(1.5 - (house.LossKwPerC * 2 / house.Cop), following.BaselinePowerKw[^1], 6); // 2 °C warmer than now, less
        Assert.All(level.BaselinePowerKw, p => Assert.Equal(1.5, p, 6));
        Assert.Equal(level.BaselinePowerKw, patchy.BaselinePowerKw);
    }

    [Fact]
    public void A_heat_pump_whose_house_was_learned_plans_from_the_forecast_and_its_gains_not_from_one_reading_of_its_cycling_compressor()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);
        var forecast = Enumerable.Range(0, horizon.Intervals).Select(t => t < 32 ? 12.0 : 4.0).ToArray();
        // A house learned to lose twice the typical heat per degree, with 0.4 kW from occupants and appliances.
        var leaky = new DeviceHabits(House: new HouseThermalHabits(1300, 2 * ThermalParameters.TypicalHouse.LossKwPerC, 0.4));
        FlexibleDevice Model(double latestKw) => FleetDeviceModel.From(
            new FleetDevice(TestDevices.Thermostat(), new LatestReading(9, Noon.AddMinutes(-1), 60, latestKw, null, null, null, null, null, null, 21, 21)), horizon, LosAngeles, leaky, forecast)!;

        var running = Model(3.0);
        var resting = Model(0);

        var house = ThermalParameters.TypicalHouse;
        Assert.Equal(running.BaselinePowerKw, resting.BaselinePowerKw); // the compressor was on or off that minute: the house is the same
        Assert.Equal(((2 * house.LossKwPerC * (21 - 12)) - 0.4) / house.Cop, running.BaselinePowerKw[0], 6);
        Assert.Equal(((2 * house.LossKwPerC * (21 - 4)) - 0.4) / house.Cop, running.BaselinePowerKw[40], 6); // twice the typical extra power for 8 °C colder
    }

    [Fact]
    public void A_heat_pump_idles_once_the_forecast_warms_past_what_its_house_needs()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);
        var idling = new FleetDevice(TestDevices.Thermostat(), new LatestReading(9, Noon.AddMinutes(-1), 60, 0.3, null, null, null, null, null, null, 21, 21));
        var warming = Enumerable.Range(0, horizon.Intervals).Select(t => t < 8 ? 10.0 + t : 18.0).ToArray(); // 10 °C rising to 18 °C

        var device = FleetDeviceModel.From(idling, horizon, LosAngeles, outdoorForecastC: warming)!;

        Assert.Equal(0.3, device.BaselinePowerKw[0], 6);
        Assert.All(device.BaselinePowerKw[8..], p => Assert.Equal(0, p, 6)); // 8 °C warmer than now: past the setpoint for this house
    }

    [Fact]
    public void A_house_within_its_thermostats_deadband_owes_nothing_and_one_past_it_is_brought_back_at_once()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);
        var cold = Enumerable.Repeat(6.0, horizon.Intervals).ToArray();
        var typicalHouse = new DeviceHabits(House: new HouseThermalHabits(1300, ThermalParameters.TypicalHouse.LossKwPerC, 0));
        FlexibleDevice At(double indoorC) => FleetDeviceModel.From(
            new FleetDevice(TestDevices.Thermostat(), new LatestReading(9, Noon.AddMinutes(-1), 60, 3.5, null, null, null, null, null, null, indoorC, 21)), horizon, LosAngeles, typicalHouse, cold)!;

        var cycling = At(20.6);
        var behind = At(20.2);

        var house = ThermalParameters.TypicalHouse;
        var holdingKw = house.LossKwPerC * (21 - 6) / house.Cop;
        Assert.All(cycling.BaselinePowerKw, p => Assert.Equal(holdingKw, p, 6));
        // 0.8 °C below the setpoint, 0.3 °C past the deadband: that much heat in the first quarter hour, then holding.
        Assert.Equal(holdingKw + ((0.8 - house.DeadbandC) * house.StoreKwhPerC / house.Cop / 0.25), behind.BaselinePowerKw[0], 6);
        Assert.All(behind.BaselinePowerKw[1..], p => Assert.Equal(holdingKw, p, 6));
    }

    [Fact]
    public void A_heat_pump_idle_in_a_house_cooler_than_its_setpoint_is_cooling_whatever_the_days_mean_temperature()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);
        // A hot afternoon and a cool night: 28 °C now, 18 °C from the evening, cooler on average than the 24 °C setpoint.
        var forecast = Enumerable.Range(0, horizon.Intervals).Select(t => t < 24 ? 28.0 : 18.0).ToArray();
        var typicalHouse = new DeviceHabits(House: new HouseThermalHabits(1300, ThermalParameters.TypicalHouse.LossKwPerC, 0));
        FlexibleDevice Reading(double latestKw) => FleetDeviceModel.From(
            new FleetDevice(TestDevices.Thermostat(), new LatestReading(9, Noon.AddMinutes(-1), 60, latestKw, null, null, null, null, null, null, 22.8, 24)), horizon, LosAngeles, typicalHouse, forecast)!;

        var idle = Reading(0);
        var heating = Reading(3.5);

        var house = ThermalParameters.TypicalHouse;
        // Cooler than it need be, the house coasts until the 28 °C afternoon has warmed it to the deadband (0.7 °C of
        // coolth at 0.24 kW: about 2.4 hours), then the compressor holds it; a cooler night needs no cooling.
        var holdingKw = house.LossKwPerC * (28 - 24) / house.Cop;
        Assert.All(idle.BaselinePowerKw[..9], p => Assert.Equal(0, p, 6));
        Assert.All(idle.BaselinePowerKw[11..24], p => Assert.Equal(holdingKw, p, 6));
        Assert.All(idle.BaselinePowerKw[24..], p => Assert.Equal(0, p, 6));
        // The same house with its compressor running is heating, and has 1.2 °C to make up, 0.7 °C past the deadband,
        // less what the 28 °C afternoon gives it for nothing.
        Assert.Equal(((1.2 - house.DeadbandC) * house.StoreKwhPerC / house.Cop / 0.25) - holdingKw, heating.BaselinePowerKw[0], 6);
        // Then the afternoon warms it, with the compressor idle, to 25.2 °C (0.24 kW of heat for 23 quarter hours), so
        // the cool night first takes back what lies beyond the deadband (0.7 °C at 0.36 kW: 1.5 hours), then the
        // compressor holds the setpoint.
        Assert.All(heating.BaselinePowerKw[1..30], p => Assert.Equal(0, p, 6));
        Assert.All(heating.BaselinePowerKw[31..], p => Assert.Equal(house.LossKwPerC * (24 - 18) / house.Cop, p, 6));
    }

    [Fact]
    public void A_water_heaters_learned_draws_replace_the_typical_day_hour_by_hour_in_local_time()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);
        var heater = new FleetDevice(TestDevices.WaterHeater(), new LatestReading(9, Noon.AddMinutes(-1), 60, 0, null, null, null, null, null, 52, null, null));
        var earlyRisers = new HotWaterHabits(14, [.. Enumerable.Range(0, 24).Select(h => h == 5 ? 6.0 : 0.1)]);

        var typical = FleetDeviceModel.From(heater, horizon, LosAngeles)!;
        var learned = FleetDeviceModel.From(heater, horizon, LosAngeles, new DeviceHabits(HotWater: earlyRisers))!;

        var standbyKw = typical.DrainKw[0] - (FleetDeviceModel.TypicalDailyHotWaterKwh * 0.3 / 19); // noon: the typical trickle
        var fivePst = IndexAt(horizon, new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero)); // 05:00 local after the clocks went back
        Assert.Equal(6.0 + standbyKw, learned.DrainKw[fivePst], 6);
        Assert.Equal(6.0 + standbyKw, learned.DrainKw[fivePst + 3], 6);
        Assert.Equal(0.1 + standbyKw, learned.DrainKw[fivePst + 4], 6);
        Assert.Equal(0.1 + standbyKw, learned.DrainKw[fivePst - 1], 6);
        Assert.Equal(FleetDeviceModel.TypicalDailyHotWaterKwh * 0.3 / 19, typical.DrainKw[fivePst] - standbyKw, 6);
        Assert.True(learned.MinPowerKw.Zip(learned.MaxPowerKw).All(p => p.First <= p.Second));
    }

    [Fact]
    public void A_learned_power_profile_is_a_batterys_and_a_chargers_baseline_quarter_hour_by_quarter_hour_but_a_heat_pump_keeps_its_weather_model()
    {
        var horizon = PlanningHorizon.DayAhead(Noon);
        // Discharges 2 kW into weekday evenings, 1 kW into weekend afternoons; idle otherwise.
        var selfConsuming = new PowerProfile(14, [.. Enumerable.Range(0, 96).Select(q => q / 4 is >= 17 and < 21 ? -2.0 : 0)], [.. Enumerable.Range(0, 96).Select(q => q / 4 is >= 12 and < 16 ? -1.0 : 0)]);
        var battery = new FleetDevice(TestDevices.Battery(), new LatestReading(9, Noon.AddMinutes(-1), 60, 0, null, null, 60, null, null, null, null, null));
        var heatPump = new FleetDevice(TestDevices.Thermostat(), new LatestReading(9, Noon.AddMinutes(-1), 60, 1.2, null, null, null, null, null, null, 24, 22));

        var idle = FleetDeviceModel.From(battery, horizon, LosAngeles)!;
        var learned = FleetDeviceModel.From(battery, horizon, LosAngeles, new DeviceHabits(Power: selfConsuming))!;
        var charger = FleetDeviceModel.From(Charger(plugged: false), horizon, LosAngeles, new DeviceHabits(Charging: EveningCommuter(), Power: selfConsuming with { WeekendKwByLocalQuarterHour = [.. Enumerable.Range(0, 96).Select(q => q % 4 == 3 ? 1.6 : 0.8)] }))!;
        var modelled = FleetDeviceModel.From(heatPump, horizon, LosAngeles)!;
        var heatPumpWithProfile = FleetDeviceModel.From(heatPump, horizon, LosAngeles, new DeviceHabits(Power: selfConsuming))!;

        Assert.All(idle.BaselinePowerKw, p => Assert.Equal(0, p));
        Assert.All(learned.BaselinePowerKw[..16], p => Assert.Equal(-1, p)); // Saturday 12:00–16:00 PDT
        Assert.All(learned.BaselinePowerKw[16..], p => Assert.Equal(0, p)); // the rest of Saturday night and Sunday morning
        // Each quarter hour's own mean: the horizon's quarter hours start on the hour, so every fourth is the :45 one.
        Assert.Equal(charger.BaselinePowerKw.Select((_, t) => t % 4 == 3 ? 1.6 : 0.8), charger.BaselinePowerKw);
        Assert.Equal(idle.MinEnergyKwh, learned.MinEnergyKwh); // what the battery may do is unchanged; only what it would have done
        Assert.Equal(modelled.BaselinePowerKw, heatPumpWithProfile.BaselinePowerKw);
    }
}
