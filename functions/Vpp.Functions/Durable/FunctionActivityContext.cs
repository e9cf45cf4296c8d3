using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Vpp.Functions.Durable;

/// <summary>
/// The activity context a <see cref="TaskActivity{TInput,TOutput}"/> expects, for an invocation of its Functions
/// wrapper (what the DurableTask source generator would emit; it is not served here).
/// </summary>
public sealed class FunctionActivityContext(string name, FunctionContext invocation) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    /// <summary>The orchestration instance that scheduled the activity, as the trigger's binding data gives it.</summary>
    public override string InstanceId { get; } =
        invocation.BindingContext.BindingData.TryGetValue("instanceId", out var id) && id is not null ? id.ToString()! : invocation.InvocationId;
}
