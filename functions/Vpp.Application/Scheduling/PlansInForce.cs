namespace Vpp.Application.Scheduling;

/// <summary>
/// Which pushed plan a program's devices were following at an instant, from the pushes kept: as the twin holds them,
/// the latest rolling plan (<c>schedule</c>) where it reaches, else the latest day-ahead plan (<c>dayAheadSchedule</c>)
/// where that does; none where neither does. A plan is the latest from the time it was pushed.
/// </summary>
public sealed class PlansInForce
{
    private readonly SchedulePush[] rolling;
    private readonly SchedulePush[] dayAhead;

    public PlansInForce(IEnumerable<SchedulePush> pushes)
    {
        var all = pushes.OrderBy(p => p.PushedUtc).ToList();
        rolling = [.. all.Where(p => p.Run == ScheduleRuns.Intraday)];
        dayAhead = [.. all.Where(p => p.Run == ScheduleRuns.DayAhead)];
    }

    public SchedulePush? At(DateTimeOffset instant) =>
        Latest(rolling, instant) is { } plan && plan.Covers(instant) ? plan
        : Latest(dayAhead, instant) is { } fallback && fallback.Covers(instant) ? fallback
        : null;

    /// <summary>The steered devices' undispatched draw at <paramref name="instant"/> by the plan then in force; none when no plan was.</summary>
    public double? DeviceBaselineKwAt(DateTimeOffset instant) => At(instant)?.DeviceBaselineKwAt(instant);

    private static SchedulePush? Latest(SchedulePush[] byPushTime, DateTimeOffset instant)
    {
        var (low, high) = (0, byPushTime.Length);
        while (low < high)
        {
            var mid = (low + high) / 2;
            (low, high) = byPushTime[mid].PushedUtc <= instant ? (mid + 1, high) : (low, mid);
        }

        return low > 0 ? byPushTime[low - 1] : null;
    }
}
