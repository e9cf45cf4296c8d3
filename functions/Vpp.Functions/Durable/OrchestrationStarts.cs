using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Vpp.Functions.Durable;

/// <summary>
/// Starts orchestrations whose instance id is a business key (an event, a run version), so that two callers who race (a
/// timer and a manager, two sweeps, a retried request) start one. The backend refuses the second start itself (dedupe
/// statuses): reading the instance first and starting it after would let both callers through, and a start that names
/// no statuses to refuse in may replace the instance the first started, as the backend is configured (ADR 0047).
/// </summary>
public static class OrchestrationStarts
{
    private static readonly OrchestrationRuntimeStatus[] AnyStatus = [.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses];

    private static readonly OrchestrationRuntimeStatus[] Unfinished =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Starts the instance unless one with its id exists, in whatever state; returns whether this call started it.</summary>
    public static Task<bool> StartOnceAsync(DurableTaskClient durable, TaskName orchestrator, object input, string instanceId, CancellationToken cancellationToken) =>
        StartUnlessAsync(durable, orchestrator, input, instanceId, AnyStatus, cancellationToken);

    /// <summary>
    /// Starts a new execution of the instance unless one has not finished (pending, running, suspended); returns whether
    /// this call started it. A finished one (completed, failed, terminated) is replaced.
    /// </summary>
    public static Task<bool> StartUnlessUnfinishedAsync(DurableTaskClient durable, TaskName orchestrator, object input, string instanceId, CancellationToken cancellationToken) =>
        StartUnlessAsync(durable, orchestrator, input, instanceId, Unfinished, cancellationToken);

    private static async Task<bool> StartUnlessAsync(
        DurableTaskClient durable, TaskName orchestrator, object input, string instanceId, OrchestrationRuntimeStatus[] refusedIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId).WithDedupeStatuses(refusedIn), cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }
}
