using Microsoft.DurableTask.Client;
using Vpp.Application.Settlement;
using Vpp.Functions.Durable;

namespace Vpp.Functions.Settlement;

/// <summary>
/// Starts a run version's orchestration (instance id = <see cref="SettlementRunRequest.InstanceId"/>) and wakes it
/// with a manager's decision or a held run's resumption. The store is the truth: a decision raised to no instance loses
/// nothing, since the orchestration reads the run's status before it waits.
/// </summary>
public static class SettlementOrchestrations
{
    /// <summary>Starts the run version's orchestration unless it has one; returns whether this call started it.</summary>
    public static Task<bool> StartAsync(DurableTaskClient durable, SettlementRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OrchestrationStarts.StartOnceAsync(durable, SettlementRunOrchestrator.Name, request, request.InstanceId, cancellationToken);
    }

    /// <summary>
    /// Wakes a held run's orchestration with the resumption the store records, or starts it again when it no longer runs
    /// (an operator terminated it, it failed, its history was purged): a new execution reads back what every step before
    /// the held one did and runs that one again, as a resumed one does after continuing as new (ADR 0045).
    /// </summary>
    public static async Task ResumeAsync(DurableTaskClient durable, SettlementRunRequest request, SettlementResumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(request);
        if (!await OrchestrationStarts.StartUnlessUnfinishedAsync(durable, SettlementRunOrchestrator.Name, request, request.InstanceId, cancellationToken))
        {
            await durable.RaiseEventAsync(request.InstanceId, SettlementResumption.EventName, resumption, cancellationToken);
        }
    }

    /// <summary>Raises what the store already records (a decision) to the run's orchestration if it is running.</summary>
    public static async Task SignalAsync(DurableTaskClient durable, string instanceId, string eventName, object signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        if (await durable.GetInstanceAsync(instanceId, cancellationToken) is { IsRunning: true })
        {
            await durable.RaiseEventAsync(instanceId, eventName, signal, cancellationToken);
        }
    }
}
