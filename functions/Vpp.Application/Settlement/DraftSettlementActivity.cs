using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Drafts a computed run once its totals balance.</summary>
[DurableTask(Name)]
public sealed class DraftSettlementActivity(SettlementRunSteps steps) : TaskActivity<SettlementDraft, Vpp.Domain.Settlement.SettlementRunStatus>
{
    public const string Name = "DraftSettlement";

    public override Task<Vpp.Domain.Settlement.SettlementRunStatus> RunAsync(TaskActivityContext context, SettlementDraft input) => steps.DraftAsync(input, CancellationToken.None);
}
