using Vpp.Application.Optimization;

namespace Vpp.Application.Dispatch;

/// <summary>
/// An event's plan as a whole (each device's part is a <see cref="Domain.Dispatch.DispatchAssignment"/>): its version
/// (a replan after opt-outs is the next), when it was made, its grid, the target it plans for and the shed it expects
/// (mean kW over the window), how many devices take part, stand in reserve, pre-condition, or were left out and why, and
/// where each batch of devices and of customers starts (<see cref="DispatchBatches"/>). A plan the fleet planner made
/// says how its solve went (<see cref="SolverStatus"/>, <see cref="Search"/>): plans of the same fleet that differ because
/// the planner ran out of time say so.
/// </summary>
public sealed record DispatchPlan(
    string EventId,
    int Version,
    DateTimeOffset CreatedUtc,
    DateTimeOffset PlanStartUtc,
    int IntervalMinutes,
    double? TargetKw,
    double PlannedShedKw,
    int Participants,
    int Reserves,
    int Preconditioning,
    int Customers,
    int Devices,
    int Offline,
    int OptedOut,
    string Method,
    IReadOnlyList<string> DeviceBatchStarts,
    IReadOnlyList<string> CustomerBatchStarts,
    string? SolverStatus = null,
    PlanSearch? Search = null)
{
    /// <summary>The target the event is watched against: the one asked for, or for "as much as available" what was planned.</summary>
    public double EffectiveTargetKw => TargetKw ?? PlannedShedKw;
}
