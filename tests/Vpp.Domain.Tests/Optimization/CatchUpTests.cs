using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Tests.Optimization;

/// <summary>What a device draws back after an event: <see cref="FlexibleDevice.CatchUpKwh"/>.</summary>
public sealed class CatchUpTests
{
    private static readonly PlanningHorizon ThreeHours = new(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero), 36, TimeSpan.FromMinutes(5));

    /// <summary>A typical 190 L tank at its 55 °C setpoint, an evening's 1 kW of hot water drawn, a 4.5 kW element.</summary>
    private static FlexibleDevice Tank() =>
        FlexibleDevices.WaterHeater("wh-1", ThreeHours, 4.5, 55, 45, 65, 55, [.. Enumerable.Repeat(1.0, ThreeHours.Intervals)], ThermalParameters.TypicalTank with { DeadbandC = 5 });

    [Fact]
    public void A_tank_held_off_through_the_evening_takes_back_what_its_baseline_would_have_heated_up_to_its_comfort_floor()
    {
        var tank = Tank();
        var off = new double[ThreeHours.Intervals];

        var catchUp = tank.CatchUpKwh(off, ThreeHours.Intervals, ThreeHours.IntervalHours);

        // Undispatched it heats back what is drawn and lost (about 3.1 kWh over three hours); held off, the draw empties
        // the store below its floor, which the model does not hold: the catch-up is the whole difference.
        var drawnKwh = Enumerable.Range(0, ThreeHours.Intervals).Sum(t => tank.DrainKw[t] * ThreeHours.IntervalHours);
        Assert.Equal(drawnKwh, catchUp, 1);
        Assert.InRange(catchUp, 3, 3.5);
    }

    [Fact]
    public void A_device_that_followed_its_baseline_or_stored_more_has_nothing_to_take_back()
    {
        var tank = Tank();
        var heated = tank.BaselinePowerKw.Select(p => p + 0.5).ToArray();

        Assert.Equal(0, tank.CatchUpKwh(tank.BaselinePowerKw, ThreeHours.Intervals, ThreeHours.IntervalHours), 9);
        Assert.Equal(0, tank.CatchUpKwh(heated, ThreeHours.Intervals, ThreeHours.IntervalHours));
    }

    [Fact]
    public void A_battery_that_discharged_takes_back_the_energy_through_its_charging_losses()
    {
        var battery = FlexibleDevices.Battery("bat-1", ThreeHours, 13.5, 20, 90, 5, 5, 0.9);
        var discharge = Enumerable.Repeat(-2.0, 12).Concat(new double[ThreeHours.Intervals - 12]).ToArray();

        // 2 kWh out at the meter is 2 / √0.9 out of the store, and √0.9 of what is charged reaches it.
        Assert.Equal(2 / 0.9, battery.CatchUpKwh(discharge, ThreeHours.Intervals, ThreeHours.IntervalHours), 6);
    }

    [Fact]
    public void A_car_held_through_an_event_it_stays_plugged_in_past_takes_back_all_it_would_have_charged()
    {
        // Home at 17:00 needing 30 kWh by 07:00 at 7.2 kW: undispatched it charges through the three hours; held at the
        // 1.44 kW minimum it takes back the difference, though only 30 × 3 ⁄ 14 kWh of its need falls due in them.
        var ev = FlexibleDevices.EvCharger("ev-1", ThreeHours, 7.2, [new EvSession(ThreeHours.StartUtc, ThreeHours.StartUtc.AddHours(14), 30)], ChargingStandard.MinimumChargingKw);
        var held = Enumerable.Repeat(ChargingStandard.MinimumChargingKw, ThreeHours.Intervals).ToArray();

        Assert.Equal((7.2 - ChargingStandard.MinimumChargingKw) * 3, ev.CatchUpKwh(held, ThreeHours.Intervals, ThreeHours.IntervalHours), 6);
    }
}
