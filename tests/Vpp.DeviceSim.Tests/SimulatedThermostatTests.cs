using Vpp.DeviceSim.Physics;

namespace Vpp.DeviceSim.Tests;

public sealed class SimulatedThermostatTests
{
    private const double HvacKw = 3;

    // About 10 °C outside, so heat pumps heat; every house at its 21 °C setpoint.
    private static readonly DateTimeOffset Evening = Schedules.LosAngelesEvening;

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.6)]
    public void A_fleet_runs_about_the_scheduled_share_of_its_compressors(double fraction)
    {
        var thermostats = Enumerable.Range(0, 2_000).Select(i => new SimulatedThermostat($"th-{i:D5}", Schedules.LosAngelesSite(i), baseLoadKw: 0.4, pvKw: 0, HvacKw, indoorC: 21)).ToList();

        var readings = thermostats.Select(t => Schedules.FollowOneQuarter(t, Evening, fraction)).ToList();

        Assert.InRange(readings.Sum(r => r.PowerKw) / (thermostats.Count * HvacKw), fraction - 0.04, fraction + 0.04);
        Assert.All(readings, r => Assert.InRange(r.SetpointC!.Value, 19, 23)); // two thirds of the 3 °C allowance either way
    }
}
