using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

public interface IScheduleStore
{
    /// <summary>
    /// Stores the schedule (replacing any for the same program, date and run) and its device plans, and, when it was
    /// pushed, its <see cref="SchedulePush"/>, which later schedules never replace.
    /// </summary>
    Task SaveAsync(ProgramSchedule schedule, IReadOnlyList<DevicePlan> devicePlans, CancellationToken cancellationToken);

    Task<ProgramSchedule?> FindAsync(string programId, string localDate, string run, CancellationToken cancellationToken);

    Task<IReadOnlyList<DevicePlan>?> FindDevicePlansAsync(string programId, string localDate, string run, CancellationToken cancellationToken);

    /// <summary>The plans pushed to the program's devices whose horizons overlap [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), by start.</summary>
    Task<IReadOnlyList<SchedulePush>> ListPushesAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
