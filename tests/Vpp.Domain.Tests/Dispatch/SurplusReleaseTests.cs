using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class SurplusReleaseTests
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);

    /// <summary>Every 5-minute interval start of the hour from 17:00.</summary>
    private static readonly DateTimeOffset[] Hour = [.. Enumerable.Range(0, 12).Select(t => Start.AddMinutes(5 * t))];

    /// <summary>A battery idle at 0 kW discharging <paramref name="shedKw"/>(t) on a 5-minute grid through the hour.</summary>
    private static DispatchAssignment Battery(string id, Func<int, double> shedKw) =>
        new(id, "c-" + id, DeviceType.Battery, DispatchRole.Participant, Start, 5, [.. Enumerable.Range(0, 12).Select(t => -shedKw(t))], [.. new double[12]], [.. Enumerable.Repeat(-5.0, 12)], null);

    private static List<DispatchAssignment> FourToOne() => [Battery("a", _ => 4), Battery("b", _ => 3), Battery("c", _ => 2), Battery("d", _ => 1)];

    [Fact]
    public void The_largest_parts_go_first_while_what_stays_still_sheds_what_is_kept()
    {
        // 10 kW shedding; the target lowered to 5 kW keeps 5.75 with the margin: releasing 4 leaves 6, and nothing more fits.
        var released = SurplusRelease.Choose(FourToOne(), Hour, 5.75, 1);

        Assert.Equal(["a"], released.Select(a => a.DeviceId));
    }

    [Fact]
    public void A_part_too_large_to_release_is_passed_over_for_a_smaller_one()
    {
        // Keeping 7.5 of 10 kW: 4 or 3 would leave too little, 2 leaves 8, and then 1 would leave 7.
        var released = SurplusRelease.Choose(FourToOne(), Hour, 7.5, 1);

        Assert.Equal(["c"], released.Select(a => a.DeviceId));
    }

    [Fact]
    public void What_stays_must_meet_what_is_kept_in_every_interval_to_the_end_not_on_average()
    {
        // Two cars' worth of shedding, one in each half of the hour, and a battery throughout: 10 kW in every interval.
        var parts = new List<DispatchAssignment> { Battery("early", t => t < 6 ? 6 : 0), Battery("late", t => t < 6 ? 0 : 6), Battery("steady", _ => 4) };

        var released = SurplusRelease.Choose(parts, Hour, 5, 1);
        var fromHalfPast = SurplusRelease.Choose(parts, Hour[6..], 5, 1);

        Assert.Equal(["steady"], released.Select(a => a.DeviceId));
        // From half past the early part sheds nothing more: there is nothing of it to release.
        Assert.Equal(["steady"], fromHalfPast.Select(a => a.DeviceId));
    }

    [Fact]
    public void An_interval_already_short_of_what_is_kept_holds_back_only_the_parts_that_shed_in_it()
    {
        // 4 kW in the first half hour (short of the 5 kept), 12 in the second: one late part can go, the early one cannot.
        var parts = new List<DispatchAssignment> { Battery("early", t => t < 6 ? 4 : 0), Battery("late-1", t => t < 6 ? 0 : 6), Battery("late-2", t => t < 6 ? 0 : 6) };

        var released = SurplusRelease.Choose(parts, Hour, 5, 1);

        Assert.Equal(["late-1"], released.Select(a => a.DeviceId));
    }

    [Fact]
    public void Nothing_is_released_when_the_fleet_sheds_no_more_than_is_kept_or_no_time_is_left()
    {
        Assert.Empty(SurplusRelease.Choose(FourToOne(), Hour, 10, 1));
        Assert.Empty(SurplusRelease.Choose(FourToOne(), [], 1, 1));
    }

    [Fact]
    public void In_an_increase_event_the_surplus_is_load_added_beyond_what_is_kept()
    {
        var soaking = new List<DispatchAssignment> { Battery("charging-4", _ => -4), Battery("charging-1", _ => -1) };

        var released = SurplusRelease.Choose(soaking, Hour, 1, -1);

        Assert.Equal(["charging-4"], released.Select(a => a.DeviceId));
    }
}
