using Microsoft.DurableTask;

namespace Vpp.Application.Diagnostics;

/// <summary>
/// Proves the durable stack end to end where it runs (Azure, the local host): an activity with a side effect, child
/// probes as sub-orchestrations if asked, a durable timer, optionally an external event, and a second side effect. Each side effect is recorded once per probe
/// and step (<see cref="IProbeLedger"/>) however often the activity runs, so a probe killed and resumed anywhere shows
/// whether its work was lost or done twice.
/// </summary>
[DurableTask(Name)]
public sealed class DurableProbeOrchestrator : TaskOrchestrator<DurableProbe, string>
{
    public const string Name = "DurableProbe";
    public const string SignalEvent = "probe-signal";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, DurableProbe input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await context.CallActivityAsync(RecordProbeStepActivity.Name, new ProbeStep(input.ProbeId, ProbeStep.Started));
        await Task.WhenAll(Enumerable.Range(0, input.Children).Select(i =>
            context.CallSubOrchestratorAsync<string>(Name, new DurableProbe($"{input.ProbeId}-{i}", TimeSpan.Zero, AwaitsSignal: false), new SubOrchestrationOptions(retry: null, instanceId: $"{input.ProbeId}-{i}"))));
        await context.CreateTimer(input.Delay, CancellationToken.None);
        var signal = input.AwaitsSignal ? await context.WaitForExternalEvent<string>(SignalEvent) : null;
        await context.CallActivityAsync(RecordProbeStepActivity.Name, new ProbeStep(input.ProbeId, ProbeStep.Finished));
        return signal ?? ProbeStep.Finished;
    }
}
