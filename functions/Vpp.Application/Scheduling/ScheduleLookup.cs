using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

/// <summary>
/// A stored schedule as its readers see it: the plan, every push of that run's plans to the devices that day, and the
/// device plans asked for (<see cref="DevicePlans"/> null when none were; <see cref="Continuation"/> for the next page).
/// </summary>
public sealed record ScheduleLookup(
    ScheduleLookupOutcome Outcome,
    ProgramSchedule? Schedule = null,
    IReadOnlyList<SchedulePush>? Pushes = null,
    IReadOnlyList<DevicePlan>? DevicePlans = null,
    DevicePlanContinuation? Continuation = null);
