using Vpp.Application.Scheduling;

namespace Vpp.Application.Tests;

public sealed class PlansInForceTests
{
    // Los Angeles, Tuesday 3 November 2026: the day-ahead plan for the local day was pushed at 13:00 the day before.
    private static readonly DateTimeOffset LocalMidnight = new(2026, 11, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Noon = LocalMidnight.AddHours(12);

    private static SchedulePush Push(string run, DateTimeOffset startUtc, int intervals, DateTimeOffset pushedUtc, double baselineKw) =>
        new(run, "2026-11-03", startUtc, intervals, 15, $"job-{run}-{startUtc:HHmm}", pushedUtc, [.. Enumerable.Range(0, intervals).Select(t => baselineKw + t)]);

    [Fact]
    public void The_latest_rolling_plan_steers_from_when_it_was_pushed_and_the_day_ahead_plan_where_none_reaches()
    {
        var dayAhead = Push(ScheduleRuns.DayAhead, LocalMidnight, 96, LocalMidnight.AddHours(-11), 100);
        var first = Push(ScheduleRuns.Intraday, Noon, 8, Noon.AddSeconds(4), 200);
        var second = Push(ScheduleRuns.Intraday, Noon.AddMinutes(15), 8, Noon.AddMinutes(15).AddSeconds(4), 300);
        var plans = new PlansInForce([second, dayAhead, first]);

        Assert.Null(plans.At(LocalMidnight.AddHours(-12))); // before any plan was pushed
        Assert.Null(plans.At(LocalMidnight.AddHours(-1))); // pushed, but its day has not begun
        Assert.Same(dayAhead, plans.At(Noon.AddSeconds(2))); // the first rolling plan is not on the twin yet
        Assert.Same(first, plans.At(Noon.AddSeconds(10)));
        Assert.Same(first, plans.At(Noon.AddMinutes(15))); // the second is seconds away
        Assert.Same(second, plans.At(Noon.AddMinutes(20)));
        Assert.Same(second, plans.At(Noon.AddMinutes(15 + 119)));
        Assert.Same(dayAhead, plans.At(Noon.AddMinutes(15 + 120))); // the rolling plan's horizon has ended
        Assert.Null(plans.At(LocalMidnight.AddDays(1)));
        Assert.Equal(300 + 1, plans.DeviceBaselineKwAt(Noon.AddMinutes(30)));
        Assert.Equal(100 + 48 + 11, plans.DeviceBaselineKwAt(Noon.AddMinutes(15 + 150)));
        Assert.Null(new PlansInForce([dayAhead with { DeviceBaselineKw = null }]).DeviceBaselineKwAt(Noon)); // kept before baselines were
    }
}
