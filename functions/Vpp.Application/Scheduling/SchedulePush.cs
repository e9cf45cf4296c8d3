namespace Vpp.Application.Scheduling;

/// <summary>
/// A plan that was sent to a program's devices (a bulk desired-property job): its run, its local date and the horizon
/// it steered. Kept for every push, not only the latest plan of the day, so that what the devices were told is known
/// after later plans replace it: the audit trail, the days a baseline must leave out, and what the steered devices
/// would have drawn undispatched (<see cref="DeviceBaselineKw"/>, per interval; none for pushes kept before it was).
/// </summary>
public sealed record SchedulePush(string Run, string Date, DateTimeOffset StartUtc, int Intervals, int IntervalMinutes, string JobId, DateTimeOffset PushedUtc,
    IReadOnlyList<double>? DeviceBaselineKw = null)
{
    public DateTimeOffset EndUtc => StartUtc + (TimeSpan.FromMinutes(IntervalMinutes) * Intervals);

    public bool Covers(DateTimeOffset instant) => instant >= StartUtc && instant < EndUtc;

    /// <summary>The steered devices' undispatched draw in the interval holding <paramref name="instant"/>; none outside the horizon or when not kept.</summary>
    public double? DeviceBaselineKwAt(DateTimeOffset instant) =>
        Covers(instant) && DeviceBaselineKw is { } baseline && (int)((instant - StartUtc) / TimeSpan.FromMinutes(IntervalMinutes)) is var t && t < baseline.Count
            ? baseline[t]
            : null;

    /// <summary>The push of a schedule that was pushed; none for a plan only stored.</summary>
    public static SchedulePush? Of(ProgramSchedule schedule) => schedule.PushedJobId is { } jobId
        ? new SchedulePush(schedule.Run, schedule.Date, schedule.StartUtc, schedule.PlannedNetKw.Length, schedule.IntervalMinutes, jobId, schedule.CreatedUtc, schedule.DeviceBaselineKw)
        : null;
}
