using Vpp.Application.Fleet;
using Vpp.Application.Forecasting;

namespace Vpp.Application.Tests;

public sealed class ProgramHourTests
{
    private static readonly DateTimeOffset Hour = new(2026, 7, 1, 17, 0, 0, TimeSpan.Zero);

    private static FleetSnapshotRecord Snapshot(int minute, int online, int offline, int neverReported, double siteNetKw, double? solarKw, double upKw)
    {
        var flexibility = new FlexibilityRecord(upKw, 2 * upKw, upKw, 2 * upKw);
        return new FleetSnapshotRecord(
            "demo",
            Hour.AddMinutes(minute),
            online + offline + neverReported,
            online,
            siteNetKw,
            siteNetKw,
            solarKw,
            flexibility,
            new Dictionary<string, FleetTypeRecord> { ["battery"] = new(online, offline, neverReported, siteNetKw, flexibility) });
    }

    [Fact]
    public void Load_and_solar_stand_for_every_device_that_has_reported_and_flexibility_only_for_the_online_ones()
    {
        var hour = ProgramHour.Average(Hour, [Snapshot(0, 100, 0, 20, 300, 50, 400), Snapshot(30, 80, 20, 20, 240, 40, 320)]);

        Assert.NotNull(hour);
        Assert.Equal(2, hour.Snapshots);
        Assert.Equal(300, hour.SiteNetKw, 6); // 240 kW from 80 of 100 homes: 300 kW for all of them
        Assert.Equal(50, hour.SolarKw, 6);
        Assert.Equal(360, hour.FlexibilityByType["battery"].UpKw, 6); // what could be commanded: (400 + 320) / 2
    }

    [Fact]
    public void Under_a_pushed_plan_the_devices_measured_draw_gives_way_to_what_the_plan_expected_them_to_draw_undispatched()
    {
        // The plan began at :20: until then the devices were on their own. They drew 240 kW from 80 of 100 homes
        // (300 kW for all) where the plan expected 420 kW undispatched: the plan took 120 kW off the load.
        var hour = ProgramHour.Average(Hour, [Snapshot(0, 100, 0, 0, 300, null, 400), Snapshot(30, 80, 20, 0, 240, null, 320)], at => at >= Hour.AddMinutes(20) ? 420 : null);
        var unsteered = ProgramHour.Average(Hour, [Snapshot(0, 100, 0, 0, 300, null, 400)], _ => null);

        Assert.NotNull(hour);
        Assert.Equal(-60, hour.DispatchShiftKw!.Value, 6); // half the hour's snapshots steered, each by −120 kW
        Assert.Equal(300 + 60, hour.UndispatchedNetKw, 6);
        Assert.Null(unsteered!.DispatchShiftKw);
        Assert.Equal(300, unsteered.UndispatchedNetKw, 6);
    }

    [Fact]
    public void Snapshots_with_most_of_the_fleet_silent_are_left_out_and_an_hour_of_only_those_is_a_gap()
    {
        var outage = Snapshot(10, 30, 70, 0, 90, null, 120);

        var hour = ProgramHour.Average(Hour, [Snapshot(0, 100, 0, 0, 300, null, 400), outage]);

        Assert.NotNull(hour);
        Assert.Equal(1, hour.Snapshots);
        Assert.Equal(300, hour.SiteNetKw, 6);
        Assert.True(double.IsNaN(hour.SolarKw));
        Assert.Null(ProgramHour.Average(Hour, [outage]));
        Assert.Null(ProgramHour.Average(Hour, [Snapshot(0, 0, 0, 120, 0, null, 0)])); // registered, nothing reported yet
        Assert.Null(ProgramHour.Average(Hour, []));
    }
}
