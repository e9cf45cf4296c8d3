using Vpp.Domain.Optimization;
using Vpp.Domain.Participation;

namespace Vpp.Domain.Tests.Participation;

public sealed class OptOutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 16, 7, 0, TimeSpan.Zero);

    private static (OptOut? OptOut, IReadOnlyList<Vpp.Domain.Devices.FieldError> Errors) Request(DateTimeOffset? from, DateTimeOffset until, string? reason = null) =>
        OptOut.Request("oo-1", TestDevices.Thermostat(), from, until, reason, "cust-th-1", Now, []);

    [Fact]
    public void A_window_from_now_keeps_what_was_asked_and_who_asked()
    {
        var (optOut, errors) = Request(null, Now.AddHours(3), "  guests tonight ");

        Assert.Empty(errors);
        Assert.Equal(new OptOut("oo-1", "demo", "th-1", Now, Now.AddHours(3), "guests tonight", "cust-th-1", Now), optOut);
    }

    [Fact]
    public void A_start_a_few_minutes_ago_counts_as_now_and_an_earlier_one_is_refused()
    {
        Assert.Equal(Now, Request(Now.AddMinutes(-14), Now.AddHours(1)).OptOut!.FromUtc);
        Assert.Equal("fromUtc", Assert.Single(Request(Now.AddMinutes(-16), Now.AddHours(1)).Errors).Field);
    }

    [Theory]
    [InlineData(61 * 24, 61 * 24 + 1, "fromUtc")] // booked too far ahead
    [InlineData(2, 2, "untilUtc")] // empty
    [InlineData(2, 1, "untilUtc")] // ends before it starts
    [InlineData(0, 31 * 24 + 1, "untilUtc")] // longer than a month: leaving the program
    public void Windows_out_of_bounds_are_refused_naming_the_field(int fromHours, int untilHours, string field)
    {
        var (optOut, errors) = Request(Now.AddHours(fromHours), Now.AddHours(untilHours));

        Assert.Null(optOut);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void A_reason_longer_than_two_hundred_characters_is_refused()
    {
        Assert.Equal("reason", Assert.Single(Request(null, Now.AddHours(1), new string('x', 201)).Errors).Field);
        Assert.Empty(Request(null, Now.AddHours(1), new string('x', 200)).Errors);
    }

    [Fact]
    public void Withdrawing_ends_a_current_window_now_a_coming_one_at_its_start_and_leaves_an_ended_one_alone()
    {
        var optOut = Request(Now.AddHours(1), Now.AddHours(4)).OptOut!;

        var during = optOut.WithdrawnAt(Now.AddHours(2));
        var before = optOut.WithdrawnAt(Now.AddMinutes(30));
        var after = optOut.WithdrawnAt(Now.AddHours(5));

        Assert.Equal((Now.AddHours(2), Now.AddHours(2)), (during.UntilUtc, during.WithdrawnUtc));
        Assert.Equal(optOut.FromUtc, before.UntilUtc);
        Assert.False(before.Overlaps(Now, Now.AddDays(1)));
        Assert.Same(before, before.WithdrawnAt(Now.AddMinutes(45))); // withdrawn once, it stays withdrawn when it was
        Assert.Same(optOut, after);
        Assert.Null(after.WithdrawnUtc);
    }

    [Fact]
    public void A_window_overlaps_the_intervals_it_touches_however_little_and_holds_a_device_there_at_its_baseline()
    {
        var horizon = new PlanningHorizon(Now.AddMinutes(8), 8, TimeSpan.FromMinutes(15)); // 16:15 … 18:15
        var window = Request(Now.AddMinutes(53), Now.AddMinutes(53 + 31)).OptOut!; // 17:00 … 17:31

        var marked = horizon.IntervalsOverlapping([(window.FromUtc, window.UntilUtc)]);
        var battery = FlexibleDevices.Battery("bat-1", horizon, 13.5, 20, 50, 5, 5, 0.9);
        var held = battery.HeldAtBaseline(marked);

        Assert.Equal([false, false, false, true, true, true, false, false], marked);
        Assert.Equal(new bool[8], horizon.IntervalsOverlapping([(window.FromUtc, window.FromUtc)]));
        Assert.Equal([-5, -5, -5, 0, 0, 0, -5, -5], held.MinPowerKw);
        Assert.Equal([5, 5, 5, 0, 0, 0, 5, 5], held.MaxPowerKw);
        Assert.True(held.IsHeld(4));
        Assert.False(held.IsHeld(6));
        Assert.Same(battery, battery.HeldAtBaseline(new bool[8]));
        Assert.Throws<ArgumentException>(() => battery.HeldAtBaseline(new bool[7]));
    }
}
