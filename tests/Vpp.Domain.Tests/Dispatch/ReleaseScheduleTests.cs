using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class ReleaseScheduleTests
{
    private static readonly DateTimeOffset End = new(2026, 7, 15, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(90);

    /// <summary>Water heaters after an evening shed: held off, 0.5 kW on their own, 2 kWh to reheat with a 4.5 kW element.</summary>
    private static List<ReleaseCandidate> Tanks(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ReleaseCandidate($"wh-{i:000}", DeviceType.WaterHeater, HeldKw: 0, BaselineAfterKw: [0.5], CatchUpKwh: 2, CatchUpKw: 4.5))];

    /// <summary>
    /// The fleet's load per minute after the end, each device drawing as the schedule assumes: held until released,
    /// then at full power until it has taken back what it owes (repaying what full power draws above its baseline), then
    /// its baseline.
    /// </summary>
    private static double[] Load(IReadOnlyList<ReleaseCandidate> devices, IReadOnlyDictionary<string, TimeSpan> releases, int minutes)
    {
        var load = new double[minutes];
        foreach (var d in devices)
        {
            var released = releases[d.DeviceId];
            var owedKwh = d.CatchUpKwhAfter(released);
            for (var m = 0; m < minutes; m++)
            {
                var at = TimeSpan.FromMinutes(m);
                var baselineKw = d.BaselineAt(at);
                if (at + TimeSpan.FromMinutes(1) <= released)
                {
                    load[m] += d.HeldKw;
                }
                else if (owedKwh > 1e-9)
                {
                    load[m] += d.CatchUpKw;
                    owedKwh -= Math.Max(0, d.CatchUpKw - baselineKw) * (TimeSpan.FromMinutes(m + 1) - (at > released ? at : released)).TotalHours;
                }
                else
                {
                    load[m] += baselineKw;
                }
            }
        }

        return load;
    }

    [Fact]
    public void Catch_ups_are_fitted_under_the_cap_where_the_window_has_room_for_them()
    {
        var tanks = Tanks(100);

        var releases = ReleaseSchedule.Fit("ev-1", End, tanks, capKw: 200, Window);

        // Released at once, 100 elements would draw 450 kW; fitted, the fleet never passes 200 kW.
        Assert.All(releases.Values, r => Assert.InRange(r, TimeSpan.Zero, Window - TimeSpan.FromSeconds(1)));
        Assert.InRange(Load(tanks, releases, 240).Max(), 0, 200);
        Assert.True(releases.Values.Max() > TimeSpan.FromMinutes(60), "the schedule uses the window");
    }

    [Fact]
    public void Devices_with_nothing_to_take_back_are_released_in_the_first_slot_and_the_schedule_is_the_same_on_every_retry()
    {
        var batteries = Enumerable.Range(0, 50).Select(i => new ReleaseCandidate($"bat-{i:00}", DeviceType.Battery, HeldKw: -4, BaselineAfterKw: [-1], CatchUpKwh: 0, CatchUpKw: 5)).ToList();

        var releases = ReleaseSchedule.Fit("ev-1", End, batteries, capKw: 10, Window);

        Assert.All(releases.Values, r => Assert.InRange(r, TimeSpan.Zero, ReleaseSchedule.Slot - TimeSpan.FromSeconds(1)));
        Assert.True(releases.Values.Distinct().Count() > 40, "within the slot the moments are drawn");
        Assert.Equal(releases, ReleaseSchedule.Fit("ev-1", End, batteries, capKw: 10, Window));
    }

    [Fact]
    public void Tanks_are_released_before_cars_that_stay_plugged_in_whose_larger_catch_ups_go_where_the_tanks_have_passed()
    {
        // 40 tanks with 2 kWh each to reheat, 20 cars with 10 kWh each to charge at 7 kW, under 200 kW: the tanks fit
        // in the first slot together; taken first, the cars would have used that room and left the tanks to wait.
        var cars = Enumerable.Range(0, 20).Select(i => new ReleaseCandidate($"ev-{i:00}", DeviceType.EvCharger, HeldKw: 0, BaselineAfterKw: [0], CatchUpKwh: 10, CatchUpKw: 7));
        var devices = Tanks(40).Concat(cars).ToList();

        var releases = ReleaseSchedule.Fit("ev-1", End, devices, capKw: 200, Window);

        Assert.All(devices.Where(d => d.Type == DeviceType.WaterHeater), d => Assert.InRange(releases[d.DeviceId], TimeSpan.Zero, ReleaseSchedule.Slot - TimeSpan.FromSeconds(1)));
        Assert.True(devices.Count(d => d.Type == DeviceType.EvCharger && releases[d.DeviceId] >= ReleaseSchedule.Slot) >= 15, "most cars wait for the tanks' catch-ups to pass");
        Assert.InRange(Load(devices, releases, 360).Max(), 0, 200);
    }

    [Fact]
    public void Catch_ups_go_where_the_devices_own_evening_draw_has_fallen_away_and_a_car_held_longer_owes_more()
    {
        // Twenty cars that would charge 5 kW each for half an hour after the end and 0.5 kW after, each with 3.5 kWh to
        // take back at 7 kW, under 80 kW: at the end's draw all evening they would be 100 kW without catching anything up.
        var cars = Enumerable.Range(0, 20).Select(i => new ReleaseCandidate($"ev-{i:00}", DeviceType.EvCharger, HeldKw: 0,
            BaselineAfterKw: [.. Enumerable.Repeat(5.0, 6), 0.5], CatchUpKwh: 3.5, CatchUpKw: 7)).ToList();

        var releases = ReleaseSchedule.Fit("ev-1", End, cars, capKw: 80, Window);
        var load = Load(cars, releases, 360);

        Assert.InRange(load.Max(), 0, 80);
        Assert.True(releases.Values.Max() >= TimeSpan.FromMinutes(30), "some cars wait for the evening's draw to fall away");
        // What the fleet draws after the end is what it would have drawn and what it was held from, no less.
        var deferredKwh = cars.Sum(c => c.CatchUpKwh);
        var undispatchedKwh = Enumerable.Range(0, 360).Sum(m => cars.Sum(c => c.BaselineAt(TimeSpan.FromMinutes(m)))) / 60;
        Assert.InRange(load.Sum() / 60, undispatchedKwh + deferredKwh - 1e-6, double.PositiveInfinity);
    }

    [Fact]
    public void Where_nothing_fits_each_device_goes_where_the_load_peaks_lowest()
    {
        var tanks = Tanks(100);

        var releases = ReleaseSchedule.Fit("ev-1", End, tanks, capKw: 20, Window);
        var load = Load(tanks, releases, 240);

        // 100 tanks × 2 kWh within 90 minutes: no schedule stays under 20 kW, but the catch-ups are spread over the
        // window (about 200 kWh over two hours) rather than 450 kW at once.
        Assert.InRange(load.Max(), 100, 200);
        Assert.True(releases.Values.Max() > TimeSpan.FromMinutes(60), "the schedule uses the window");
    }

    [Fact]
    public void Without_a_window_everyone_is_released_at_the_end()
    {
        var releases = ReleaseSchedule.Fit("ev-1", End, Tanks(10), capKw: 5, TimeSpan.Zero);

        Assert.All(releases.Values, r => Assert.Equal(TimeSpan.Zero, r));
    }
}
