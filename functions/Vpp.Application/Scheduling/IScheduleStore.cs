using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

public interface IScheduleStore
{
    /// <summary>Stores the schedule (replacing any for the same program, date and run) and its device plans.</summary>
    Task SaveAsync(ProgramSchedule schedule, IReadOnlyList<DevicePlan> devicePlans, CancellationToken cancellationToken);

    Task<ProgramSchedule?> FindAsync(string programId, string localDate, string run, CancellationToken cancellationToken);

    Task<IReadOnlyList<DevicePlan>?> FindDevicePlansAsync(string programId, string localDate, string run, CancellationToken cancellationToken);
}
