using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Moves a run along its lifecycle (a step already taken is not taken again).</summary>
[DurableTask(Name)]
public sealed class AdvanceSettlementActivity(SettlementRunSteps steps) : TaskActivity<SettlementAdvance, Vpp.Domain.Settlement.SettlementRunStatus>
{
    public const string Name = "AdvanceSettlement";

    public override Task<Vpp.Domain.Settlement.SettlementRunStatus> RunAsync(TaskActivityContext context, SettlementAdvance input) => steps.AdvanceAsync(input, CancellationToken.None);
}
