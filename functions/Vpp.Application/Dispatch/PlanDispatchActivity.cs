using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Plans (or replans) the event's devices (<see cref="DispatchPlanning"/>).</summary>
[DurableTask(Name)]
public sealed class PlanDispatchActivity(DispatchPlanning planning) : TaskActivity<DispatchPlanRequest, DispatchPlan>
{
    public const string Name = "PlanDispatch";

    public override Task<DispatchPlan> RunAsync(TaskActivityContext context, DispatchPlanRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return planning.PlanAsync(input.ProgramId, input.EventId, input.ReleaseWindow, CancellationToken.None);
    }
}
