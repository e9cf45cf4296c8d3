using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Tests;

public sealed class SimulatedWaterHeaterTests
{
    private const double ElementKw = 4.5;

    // Little hot water is drawn; every tank at its 55 °C setpoint.
    private static readonly DateTimeOffset Evening = Schedules.LosAngelesEvening;

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.7)]
    public void A_fleet_heats_with_about_the_scheduled_share_of_its_elements(double fraction)
    {
        var heaters = Enumerable.Range(0, 2_000).Select(i => new SimulatedWaterHeater($"wh-{i:D5}", Schedules.LosAngelesSite(i), baseLoadKw: 0.4, pvKw: 0, ElementKw, tankC: 55)).ToList();

        var drawnKw = heaters.Sum(h => Schedules.FollowOneQuarter(h, Evening, fraction).PowerKw);

        // Unscheduled, no tank at its setpoint would heat; scheduled, the chosen share loads up and the rest shed.
        Assert.InRange(drawnKw / (heaters.Count * ElementKw), fraction - 0.04, fraction + 0.04);
    }

    [Fact]
    public void A_scheduled_heater_that_draws_shed_still_heats_below_the_bottom_of_its_comfort_band()
    {
        var heater = new SimulatedWaterHeater("wh-cold", Schedules.LosAngelesSite(1), baseLoadKw: 0.4, pvKw: 0, ElementKw, tankC: 40);

        var applied = heater.ApplyDesired(Schedules.Rolling(DeviceType.WaterHeater, Evening, 0));
        var reading = heater.Step(Evening, 900);

        Assert.Equal("normal", applied["mode"]!.GetValue<string>());
        Assert.Equal(ElementKw, reading.PowerKw);
    }

    [Fact]
    public void A_command_takes_precedence_over_the_schedule()
    {
        var heater = new SimulatedWaterHeater("wh-1", Schedules.LosAngelesSite(1), baseLoadKw: 0.4, pvKw: 0, ElementKw, tankC: 55);
        var desired = Schedules.Rolling(DeviceType.WaterHeater, Evening, 1);
        desired["mode"] = "shed";

        _ = heater.ApplyDesired(desired);

        Assert.Equal(0, heater.Step(Evening, 900).PowerKw);
    }
}
