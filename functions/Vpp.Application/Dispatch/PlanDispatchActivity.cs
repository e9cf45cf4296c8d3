using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Plans (or replans) the event's devices (<see cref="DispatchPlanning"/>).</summary>
[DurableTask(Name)]
public sealed class PlanDispatchActivity(DispatchPlanning planning) : TaskActivity<DispatchAdvance, DispatchPlan>
{
    public const string Name = "PlanDispatch";

    public override Task<DispatchPlan> RunAsync(TaskActivityContext context, DispatchAdvance input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return planning.PlanAsync(input.ProgramId, input.EventId, CancellationToken.None);
    }
}
