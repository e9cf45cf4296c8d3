using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// What an event's orchestration is started with: the event (its instance id is the event's id), its clock, the window
/// over which devices are released after it, and the shortfall (share of the target) that the watch tolerates.
/// </summary>
public sealed record DispatchRun(string ProgramId, string EventId, DispatchTimeline Timeline, TimeSpan ReleaseWindow, double ShortfallTolerance = DispatchRun.DefaultShortfallTolerance)
{
    public const double DefaultShortfallTolerance = 0.05;

    public static DispatchRun For(string programId, string eventId, DispatchTimeline timeline) => new(programId, eventId, timeline, ReleaseSchedule.DefaultWindow);
}
