using Vpp.Domain.Optimization;

namespace Vpp.Domain.Tests.Optimization;

/// <summary>The least a device can draw through an event's end within its limits: <see cref="FlexibleDevice.FloorFrom"/>.</summary>
public sealed class FloorFromTests
{
    private static readonly PlanningHorizon ThreeHours = new(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero), 36, TimeSpan.FromMinutes(5));

    /// <summary>A 13.5 kWh, 5 kW battery at 90 % with a 20 % backup reserve.</summary>
    private static FlexibleDevice Battery() => FlexibleDevices.Battery("bat-1", ThreeHours, 13.5, 20, 90, 5, 5, 0.9);

    [Fact]
    public void A_battery_sheds_evenly_to_the_end_and_reaches_its_reserve_there_not_before()
    {
        var battery = Battery();
        var idle = new double[ThreeHours.Intervals];

        var floor = battery.FloorFrom(idle, 0, ThreeHours.IntervalHours);

        // 70 % of 13.5 kWh above the reserve, √0.9 of it reaching the meter, spread over three hours: about 2.99 kW.
        var evenKw = 0.7 * 13.5 * Math.Sqrt(0.9) / 3;
        Assert.All(floor, p => Assert.Equal(-evenKw, p, 2));
        var end = Enumerable.Range(0, ThreeHours.Intervals).Aggregate(battery.InitialEnergyKwh, (e, t) => battery.NextEnergyKwh(t, e, floor[t], ThreeHours.IntervalHours));
        Assert.Equal(13.5 * 0.2, end, 2);
        // Its power floor alone (5 kW) would have reached the reserve in under two hours.
        Assert.True(0.7 * 13.5 * Math.Sqrt(0.9) / 5 < 2);
    }

    [Fact]
    public void Intervals_before_the_first_keep_the_plan_and_a_battery_deepened_later_spreads_what_is_left_over_fewer_intervals()
    {
        var battery = Battery();
        var plan = Enumerable.Repeat(-1.0, ThreeHours.Intervals).ToArray();

        var floor = battery.FloorFrom(plan, 12, ThreeHours.IntervalHours);

        Assert.All(floor.Take(12), p => Assert.Equal(-1.0, p));
        // After an hour at 1 kW the store holds 9.45 − 1/√0.9 kWh above the reserve, for the last two hours.
        var leftKwh = (0.7 * 13.5) - (1 / Math.Sqrt(0.9));
        Assert.All(floor.Skip(12), p => Assert.Equal(-leftKwh * Math.Sqrt(0.9) / 2, p, 2));
    }

    [Fact]
    public void A_tank_drawn_hard_in_the_evening_keeps_heating_enough_to_stay_at_its_comfort_floor()
    {
        // A 190 L tank at 55 °C in a 45–65 °C band, 2.3 kW of hot water drawn: two hours off would empty it below 45 °C.
        var tank = FlexibleDevices.WaterHeater("wh-1", ThreeHours, 4.5, 55, 45, 65, 55, [.. Enumerable.Repeat(2.3, ThreeHours.Intervals)], ThermalParameters.TypicalTank);

        var floor = tank.FloorFrom(tank.BaselinePowerKw, 0, ThreeHours.IntervalHours);

        var energies = new List<double>();
        _ = Enumerable.Range(0, ThreeHours.Intervals).Aggregate(tank.InitialEnergyKwh, (e, t) =>
        {
            var next = tank.NextEnergyKwh(t, e, floor[t], ThreeHours.IntervalHours);
            energies.Add(next);
            return next;
        });
        Assert.All(energies, e => Assert.True(e >= -1e-4, $"store {e} kWh below the comfort floor"));
        Assert.True(floor.Sum() * ThreeHours.IntervalHours > 3, "it still heats most of what is drawn");
        Assert.True(floor.Sum() < tank.BaselinePowerKw.Sum(), "yet less than undispatched");
    }

    [Fact]
    public void A_plan_already_at_a_limit_is_not_moved_deeper()
    {
        var tank = FlexibleDevices.WaterHeater("wh-1", ThreeHours, 4.5, 55, 45, 65, 55, [.. Enumerable.Repeat(2.3, ThreeHours.Intervals)], ThermalParameters.TypicalTank);
        var off = new double[ThreeHours.Intervals];

        Assert.Equal(off, tank.FloorFrom(off, 0, ThreeHours.IntervalHours));
    }
}
