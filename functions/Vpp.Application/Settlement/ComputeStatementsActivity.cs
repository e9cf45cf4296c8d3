using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Settles one batch of customers into statements and payout lines; returns the batch's totals.</summary>
[DurableTask(Name)]
public sealed class ComputeStatementsActivity(SettlementRunSteps steps) : TaskActivity<SettlementBatch, Vpp.Domain.Settlement.SettlementRunTotals>
{
    public const string Name = "ComputeStatements";

    public override Task<Vpp.Domain.Settlement.SettlementRunTotals> RunAsync(TaskActivityContext context, SettlementBatch input) => steps.ComputeAsync(input, CancellationToken.None);
}
