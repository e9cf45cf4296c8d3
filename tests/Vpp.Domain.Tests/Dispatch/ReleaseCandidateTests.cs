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
    public void A_catch_up_lasts_its_energy_at_its_power_and_nothing_without_either()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), new ReleaseCandidate("ev-1", DeviceType.EvCharger, 0, 0, 10.5, 7).CatchUp);
        Assert.Equal(TimeSpan.Zero, new ReleaseCandidate("ev-2", DeviceType.EvCharger, 0, 0, 10.5, 0).CatchUp);
        Assert.Equal(TimeSpan.Zero, new ReleaseCandidate("bat-1", DeviceType.Battery, 0, 0, 0, 5).CatchUp);
    }
}
