using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Reads a run's status: the store, not the decision's signal, says whether it was approved.</summary>
[DurableTask(Name)]
public sealed class ReadSettlementStatusActivity(SettlementRunSteps steps) : TaskActivity<SettlementRunRequest, Vpp.Domain.Settlement.SettlementRunStatus>
{
    public const string Name = "ReadSettlementStatus";

    public override Task<Vpp.Domain.Settlement.SettlementRunStatus> RunAsync(TaskActivityContext context, SettlementRunRequest input) => steps.StatusAsync(input, CancellationToken.None);
}
