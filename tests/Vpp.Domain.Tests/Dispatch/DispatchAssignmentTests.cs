using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class DispatchAssignmentTests
{
    private static readonly DateTimeOffset PlanStart = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = PlanStart + TimeSpan.FromMinutes(10);

    /// <summary>A thermostat pre-cooling for two intervals, then shedding to 0.5 kW for three, on a 5-minute grid.</summary>
    private static DispatchAssignment Thermostat() => new("t1", "c1", DeviceType.Thermostat, DispatchRole.Participant, PlanStart, 5,
        PowerKw: [3, 3, 0.5, 0.5, 0.5], BaselineKw: [2, 2, 2, 2, 2], FloorKw: [0, 0, 0, 0, 0], SetpointC: 26);

    private static LatestReading Reading(double? setpointC) => new(1, Start + TimeSpan.FromMinutes(3), 60, 0.5, null, null, null, null, null, null, 25, setpointC);

    [Fact]
    public void Its_planned_shed_and_preconditioning_are_read_from_its_grid()
    {
        var part = Thermostat();

        Assert.True(part.PreconditionsBefore(Start));
        Assert.Equal(1.5, part.MeanShedKw(Start, Start + TimeSpan.FromMinutes(15)), 9);
        Assert.Equal(2, part.BaselineKwAt(Start + TimeSpan.FromMinutes(7)));
        Assert.Equal(0, part.BaselineKwAt(PlanStart + TimeSpan.FromMinutes(25)));
    }

    [Fact]
    public void Deepened_it_sheds_to_its_floor_from_then_on_only()
    {
        var deepened = Thermostat().Deepened(Start + TimeSpan.FromMinutes(5), 3);

        Assert.Equal([3, 3, 0.5, 0, 0], deepened.PowerKw);
        Assert.Equal(3, deepened.Correction);
        Assert.Equal(5.5 / 3, deepened.MeanShedKw(Start, Start + TimeSpan.FromMinutes(15)), 9);
    }

    [Fact]
    public void Deepened_mid_interval_it_sheds_to_its_floor_for_the_rest_of_that_interval_too()
    {
        var part = Thermostat();
        var deepened = part.Deepened(Start + TimeSpan.FromMinutes(2), 4);

        Assert.Equal([3, 3, 0, 0, 0], deepened.PowerKw);
        Assert.Equal(1.5, part.ShedKwAt(Start + TimeSpan.FromMinutes(2)), 9);
        Assert.Equal(2, deepened.ShedKwAt(Start + TimeSpan.FromMinutes(2)), 9);
        Assert.Equal(-1, deepened.ShedKwAt(PlanStart + TimeSpan.FromMinutes(4)), 9);
        Assert.Equal(0, deepened.ShedKwAt(PlanStart + TimeSpan.FromMinutes(25)));
    }

    [Fact]
    public void A_thermostat_reporting_another_setpoint_was_overridden_and_one_holding_it_was_not()
    {
        Assert.True(Thermostat().IsOverriddenBy(Reading(24)));
        Assert.False(Thermostat().IsOverriddenBy(Reading(26.1)));
        Assert.False(Thermostat().IsOverriddenBy(Reading(null)));
        Assert.False((Thermostat() with { Type = DeviceType.Battery }).IsOverriddenBy(Reading(24)));
    }

    [Fact]
    public void Its_first_departure_from_control_stands_and_a_part_out_of_control_is_not_deepened()
    {
        var released = Thermostat().ReleasedFrom(Start + TimeSpan.FromMinutes(6))!;

        Assert.Equal(Start + TimeSpan.FromMinutes(6), released.ReleasedUtc);
        Assert.False(released.InControl);
        Assert.Null(released.OptedOutFrom(Start + TimeSpan.FromMinutes(8)));
        Assert.Null(released.OverriddenFrom(Start + TimeSpan.FromMinutes(8)));
        Assert.Null(released.ReleasedFrom(Start + TimeSpan.FromMinutes(9)));
        Assert.Null(released.DeepenedFor(Start + TimeSpan.FromMinutes(8), 1));
        Assert.Equal(Start, Thermostat().OptedOutFrom(Start)!.OptedOutUtc);
        Assert.Equal(Start, Thermostat().OverriddenFrom(Start)!.OverriddenUtc);
    }

    [Fact]
    public void A_correction_deepens_a_part_once_and_a_late_earlier_correction_leaves_a_later_ones_part_alone()
    {
        var deepened = Thermostat().DeepenedFor(Start + TimeSpan.FromMinutes(5), 3)!;

        Assert.Equal([3, 3, 0.5, 0, 0], deepened.PowerKw);
        Assert.Null(deepened.DeepenedFor(Start + TimeSpan.FromMinutes(5), 3));
        Assert.Null(deepened.DeepenedFor(Start, 2));
        Assert.Equal(4, deepened.DeepenedFor(Start, 4)!.Correction);
    }

    [Fact]
    public void A_part_written_over_a_stored_one_keeps_its_departure_and_correction_and_only_an_untouched_one_may_go()
    {
        var planned = Thermostat();
        var released = planned.ReleasedFrom(Start + TimeSpan.FromMinutes(6))!;
        var deepened = planned.DeepenedFor(Start, 2)!;
        var optedOut = planned.OptedOutFrom(Start)!;
        var replanned = planned with { PowerKw = [2, 2, 1, 1, 1] };

        Assert.True(DispatchAssignment.KeepsChanges(planned, replanned));
        Assert.True(DispatchAssignment.KeepsChanges(planned, null));
        Assert.True(DispatchAssignment.KeepsChanges(planned, optedOut));
        Assert.True(DispatchAssignment.KeepsChanges(optedOut, optedOut with { PowerKw = [2, 2, 2, 2, 2] }));
        Assert.True(DispatchAssignment.KeepsChanges(deepened, deepened.DeepenedFor(Start, 3)! with { Correction = 2 }));
        Assert.False(DispatchAssignment.KeepsChanges(released, replanned));
        Assert.False(DispatchAssignment.KeepsChanges(released, planned.ReleasedFrom(Start + TimeSpan.FromMinutes(7))));
        Assert.False(DispatchAssignment.KeepsChanges(deepened, replanned));
        Assert.False(DispatchAssignment.KeepsChanges(optedOut, null));
        Assert.False(DispatchAssignment.KeepsChanges(planned.OverriddenFrom(Start)!, replanned));
    }
}
