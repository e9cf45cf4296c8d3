using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class ReleaseCandidateTests
{
    [Fact]
    public void What_a_plan_held_a_car_from_counts_only_where_it_drew_less_than_undispatched()
    {
        // Five-minute intervals: held at 0 for two against 6 kW, allowed 7.2 for one against 6 (more is not owed back).
        double[] baseline = [6, 6, 6, 0];
        double[] planned = [0, 0, 7.2, 0];

        Assert.Equal(1.0, ReleaseCandidate.DeferredKwh(baseline, planned, 5 / 60.0), 9);
    }

    [Fact]
    public void Held_past_the_end_a_device_owes_back_the_draw_it_deferred_meanwhile_too()
    {
        // A car that would charge 6 kW in the first five minutes after the end and 3 kW after, held off: released
        // 7.5 minutes in it owes its 2 kWh and 0.5 + 0.125 kWh more. A device with no power to catch up with (a battery
        // refilling from the sun) owes nothing, held or not.
        var car = new ReleaseCandidate("ev-1", DeviceType.EvCharger, 0, [6, 3], 2, 7);
        var battery = new ReleaseCandidate("bat-1", DeviceType.Battery, 0, [2], 0, 0);

        Assert.Equal(2, car.CatchUpKwhAfter(TimeSpan.Zero), 9);
        Assert.Equal(2.625, car.CatchUpKwhAfter(TimeSpan.FromMinutes(7.5)), 9);
        Assert.Equal(3, car.BaselineAt(TimeSpan.FromHours(3)));
        Assert.Equal(0, battery.CatchUpKwhAfter(TimeSpan.FromMinutes(30)));
    }
}
