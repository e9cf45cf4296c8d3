using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class FleetSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);

    private static LatestReading Reading(double powerKw, DateTimeOffset? at = null, double? soc = null, bool? plugged = null, double? tankC = null, double? indoorC = null, double? solarKw = null) =>
        new LatestReading(1, at ?? Now.AddMinutes(-1), 60, powerKw, solarKw, null, soc, plugged, null, tankC, indoorC, null);

    [Fact]
    public void Battery_flexibility_respects_reserve_and_efficiency()
    {
        // 13.5 kWh, 5 kW, 20 % reserve, RTE 0.9, at 40 % and idle.
        var f = FlexibilityCalculator.For(TestDevices.Battery(), Reading(0, soc: 40));

        Assert.Equal(5, f.UpKw, 9);
        Assert.Equal(5, f.DownKw, 9);
        Assert.Equal(5, f.UpEnergyNextHourKwh, 9); // 8.1 kWh of headroom / 0.949: the 5 kW inverter is the bound
        Assert.Equal(0.2 * 13.5 * Math.Sqrt(0.9), f.DownEnergyNextHourKwh, 9); // 2.56 kWh above reserve, after losses
    }

    [Fact]
    public void A_battery_at_its_reserve_offers_nothing_down()
    {
        var f = FlexibilityCalculator.For(TestDevices.Battery(), Reading(0, soc: 20));

        Assert.Equal(0, f.DownKw);
        Assert.Equal(5, f.UpKw);
    }

    [Fact]
    public void Thermal_loads_flex_only_inside_the_comfort_band()
    {
        Assert.Equal(4.5, FlexibilityCalculator.For(TestDevices.WaterHeater(), Reading(4.5, tankC: 52)).DownKw);
        Assert.Equal(Flexibility.None, FlexibilityCalculator.For(TestDevices.WaterHeater(), Reading(4.5, tankC: 44)));
        Assert.Equal(3.5, FlexibilityCalculator.For(TestDevices.Thermostat(), Reading(0, indoorC: 21)).UpKw);
    }

    [Fact]
    public void An_unplugged_ev_offers_nothing_and_a_charging_one_can_pause()
    {
        Assert.Equal(Flexibility.None, FlexibilityCalculator.For(TestDevices.EvCharger(), Reading(0, plugged: false)));
        var charging = FlexibilityCalculator.For(TestDevices.EvCharger(), Reading(7.2, plugged: true));
        Assert.Equal(7.2, charging.DownKw);
        Assert.Equal(0, charging.UpKw);
    }

    [Fact]
    public void Devices_are_online_within_three_intervals_and_offline_devices_do_not_count()
    {
        var devices = new[]
        {
            new FleetDevice(TestDevices.Battery("b1"), Reading(-2, soc: 60, solarKw: 3.2)),
            new FleetDevice(TestDevices.Battery("b2"), Reading(-3, Now.AddMinutes(-10), soc: 60, solarKw: 4.0)),
            new FleetDevice(TestDevices.WaterHeater("w1"), Reading(4.5, Now.AddMinutes(-3), tankC: 50)),
            new FleetDevice(TestDevices.Thermostat("t1"), null),
        };

        var snapshot = FleetSnapshot.Compute("demo", Now, devices);

        Assert.Equal(4, snapshot.DeviceCount);
        Assert.Equal(2, snapshot.OnlineCount);
        Assert.Equal(1, snapshot.ByType[DeviceType.Battery].Offline);
        Assert.Equal(1, snapshot.ByType[DeviceType.Thermostat].NeverReported);
        Assert.Equal(2.5, snapshot.TotalPowerKw, 9);
        Assert.Equal(3.2, snapshot.SolarKw, 9); // the offline home's sun is not counted
    }

    [Fact]
    public void An_opted_out_device_counts_online_with_its_power_but_offers_no_flexibility()
    {
        var devices = new[]
        {
            new FleetDevice(TestDevices.Battery("b1"), Reading(-2, soc: 60)),
            new FleetDevice(TestDevices.Battery("b2"), Reading(-3, soc: 60)),
        };

        var all = FleetSnapshot.Compute("demo", Now, devices);
        var oneOut = FleetSnapshot.Compute("demo", Now, devices, new HashSet<string> { "b2" });

        Assert.Equal((2, 1, 1), (oneOut.OnlineCount, oneOut.OptedOutCount, oneOut.ByType[DeviceType.Battery].OptedOut));
        Assert.Equal(all.TotalPowerKw, oneOut.TotalPowerKw, 9);
        Assert.Equal(FlexibilityCalculator.For(devices[0].Registration, devices[0].Latest!.Value), oneOut.Flexibility);
        Assert.True(all.Flexibility.UpKw > oneOut.Flexibility.UpKw);
    }

    [Fact]
    public void Ratings_name_the_field_at_fault()
    {
        var errors = new DeviceRatings { MaxImportKw = 5000, EnergyCapacityKwh = null }.Validate(DeviceType.Battery);

        Assert.Contains(errors, e => e.Field == "ratings.maxImportKw");
        Assert.Contains(errors, e => e.Field == "ratings.energyCapacityKwh");
        Assert.Empty(TestDevices.Battery().Ratings.Validate(DeviceType.Battery));
    }
}
