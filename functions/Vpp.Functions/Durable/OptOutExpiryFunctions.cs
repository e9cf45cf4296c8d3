using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Vpp.Application.Participation;

namespace Vpp.Functions.Durable;

/// <summary>Durable Functions wrappers of <see cref="OptOutExpiryOrchestrator"/> and its activity.</summary>
public sealed class OptOutExpiryFunctions(ClearEndedOptOutsActivity clearEnded)
{
    [Function(OptOutExpiryOrchestrator.Name)]
    public static Task<int> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OptOutExpiryOrchestrator().RunAsync(context, context.GetInput<OptOutExpiry>()!);
    }

    [Function(ClearEndedOptOutsActivity.Name)]
    public Task<int> ClearEnded([ActivityTrigger] string deviceId, FunctionContext invocation) =>
        clearEnded.RunAsync(new FunctionActivityContext(ClearEndedOptOutsActivity.Name, invocation), deviceId);
}
