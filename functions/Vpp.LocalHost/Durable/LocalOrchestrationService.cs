using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace Vpp.LocalHost.Durable;

/// <summary>
/// The Azure Storage orchestration service as the gRPC sidecar's dispatcher sees it, with the two gaps between them
/// closed (ARCHITECTURE §4). The sidecar records a sub-orchestration's creation as its own event type, which carries
/// no data contract, and passes tags as protobuf maps: the provider can persist neither, and the parent would wait
/// for its children for ever; they are handed over as the framework's own types. And the sidecar stops the service
/// when its host stops but starts it only once a worker has connected; the provider throws when stopped before it
/// started, on a thread nothing observes, which ends the process: a stop before a start is nothing here. The sidecar
/// does not renew the lock of an activity it runs either; this service does (<see cref="ActivityLockRenewals"/>).
/// </summary>
public sealed class LocalOrchestrationService(IOrchestrationService inner, TimeProvider time, ILogger<LocalOrchestrationService> log) : IOrchestrationService
{
    private readonly ActivityLockRenewals renewals = new(inner.RenewTaskActivityWorkItemLockAsync, time, log);
    private int started;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task StartAsync()
    {
        await inner.StartAsync();
        Volatile.Write(ref started, 1);
    }

    public Task StopAsync() => StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        if (Interlocked.Exchange(ref started, 0) == 1)
        {
            await renewals.StopAllAsync();
            await inner.StopAsync(isForced);
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        ArgumentNullException.ThrowIfNull(orchestratorMessages);
        Persistable(newOrchestrationRuntimeState.Events);
        Persistable(newOrchestrationRuntimeState.NewEvents);
        foreach (var message in orchestratorMessages)
        {
            message.Event = Persistable(message.Event);
        }

        return inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        // Null when the provider found nothing, or found a message it already runs: the framework's contract.
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            renewals.Start(workItem);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await renewals.StopAsync(workItem);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await renewals.StopAsync(workItem);
        await inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    private static void Persistable(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            events[i] = Persistable(events[i]);
        }
    }

    /// <summary>The event as the framework's own type with plain tags; the same event when it already is.</summary>
    private static HistoryEvent Persistable(HistoryEvent e)
    {
        switch (e)
        {
            case SubOrchestrationInstanceCreatedEvent created when created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent) || IsForeign(created.Tags):
                return new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = created.ClientSpanId,
                    Tags = Plain(created.Tags),
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            case ExecutionStartedEvent started when IsForeign(started.Tags):
                started.Tags = Plain(started.Tags);
                return started;
            default:
                return e;
        }
    }

    private static bool IsForeign(IDictionary<string, string>? tags) => tags is not null and not Dictionary<string, string>;

    private static Dictionary<string, string>? Plain(IDictionary<string, string>? tags) => tags is null ? null : new Dictionary<string, string>(tags, StringComparer.Ordinal);
}
