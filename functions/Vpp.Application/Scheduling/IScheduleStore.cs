using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

public interface IScheduleStore
{
    /// <summary>
    /// Stores the schedule (replacing any for the same program, date and run) and its device plans, and, when it was
    /// pushed, its <see cref="SchedulePush"/>, which later schedules never replace.
    /// </summary>
    Task SaveAsync(ProgramSchedule schedule, IReadOnlyList<DevicePlan> devicePlans, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the stored schedule was pushed (<see cref="ProgramSchedule.PushedJobId"/>) and keeps its
    /// <see cref="SchedulePush"/>, in one write; the device plans saved with it are not written again.
    /// </summary>
    Task RecordPushAsync(ProgramSchedule pushed, CancellationToken cancellationToken);

    Task<ProgramSchedule?> FindAsync(string programId, string localDate, string run, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="top"/> of the schedule's device plans, from the first or from where
    /// <paramref name="continuation"/> stopped. Null when the schedule keeps no device plans, or when the plans the
    /// continuation was paging through are gone: each replan keeps the plans it replaced, so a client has at least until
    /// the next replan to finish, then must start again.
    /// </summary>
    Task<DevicePlanPage?> FindDevicePlansAsync(string programId, string localDate, string run, DevicePlanContinuation? continuation, int top, CancellationToken cancellationToken);

    /// <summary>One device's plan in the schedule; null when it has none.</summary>
    Task<DevicePlan?> FindDevicePlanAsync(string programId, string localDate, string run, string deviceId, CancellationToken cancellationToken);

    /// <summary>The plans pushed to the program's devices whose horizons overlap [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), by start.</summary>
    Task<IReadOnlyList<SchedulePush>> ListPushesAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
