using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Tests;

public sealed class SimulatedThermostatTests
{
    private const double HvacKw = 3;

    // 22:00 in Los Angeles in November: about 10 °C outside, so heat pumps heat; every house at its 21 °C setpoint.
    private static readonly DateTimeOffset Evening = new(2026, 11, 23, 22, 0, 0, TimeSpan.FromHours(-8));

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.6)]
    public void A_fleet_runs_about_the_scheduled_share_of_its_compressors(double fraction)
    {
        var thermostats = Enumerable.Range(0, 2_000).Select(i => new SimulatedThermostat($"th-{i:D5}", Schedules.LosAngelesSite(i), baseLoadKw: 0.4, pvKw: 0, HvacKw, indoorC: 21)).ToList();

        var readings = thermostats.Select(t =>
        {
            _ = t.ApplyDesired(Schedules.Rolling(DeviceType.Thermostat, Evening, fraction));
            return t.Step(Evening, 900);
        }).ToList();

        Assert.InRange(readings.Sum(r => r.PowerKw) / (thermostats.Count * HvacKw), fraction - 0.04, fraction + 0.04);
        Assert.All(readings, r => Assert.InRange(r.SetpointC!.Value, 19, 23)); // two thirds of the 3 °C allowance either way
    }
}
