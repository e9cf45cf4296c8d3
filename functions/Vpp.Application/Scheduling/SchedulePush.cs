namespace Vpp.Application.Scheduling;

/// <summary>
/// A plan that was sent to a program's devices (a bulk desired-property job): its run, its local date and the horizon
/// it steered. Kept for every push, not only the latest plan of the day, so that what the devices were told is known
/// after later plans replace it: the audit trail, and the days a baseline must leave out.
/// </summary>
public sealed record SchedulePush(string Run, string Date, DateTimeOffset StartUtc, int Intervals, int IntervalMinutes, string JobId, DateTimeOffset PushedUtc)
{
    public DateTimeOffset EndUtc => StartUtc + (TimeSpan.FromMinutes(IntervalMinutes) * Intervals);

    /// <summary>The push of a schedule that was pushed; none for a plan only stored.</summary>
    public static SchedulePush? Of(ProgramSchedule schedule) => schedule.PushedJobId is { } jobId
        ? new SchedulePush(schedule.Run, schedule.Date, schedule.StartUtc, schedule.PlannedNetKw.Length, schedule.IntervalMinutes, jobId, schedule.CreatedUtc)
        : null;
}
