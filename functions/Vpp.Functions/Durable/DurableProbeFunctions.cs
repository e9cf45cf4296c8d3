using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Vpp.Application.Diagnostics;

namespace Vpp.Functions.Durable;

/// <summary>Durable Functions wrappers of <see cref="DurableProbeOrchestrator"/> and its activity.</summary>
public sealed class DurableProbeFunctions(RecordProbeStepActivity recordStep)
{
    [Function(DurableProbeOrchestrator.Name)]
    public static Task<string> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DurableProbeOrchestrator().RunAsync(context, context.GetInput<DurableProbe>()!);
    }

    [Function(RecordProbeStepActivity.Name)]
    public Task<bool> RecordStep([ActivityTrigger] ProbeStep step, FunctionContext invocation) =>
        recordStep.RunAsync(new FunctionActivityContext(RecordProbeStepActivity.Name, invocation), step);
}
