using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Transfers one batch's pending payout lines, each under its idempotency key.</summary>
[DurableTask(Name)]
public sealed class PayOutSettlementActivity(SettlementRunSteps steps) : TaskActivity<SettlementBatch, PayoutBatchResult>
{
    public const string Name = "PayOutSettlement";

    public override Task<PayoutBatchResult> RunAsync(TaskActivityContext context, SettlementBatch input) => steps.PayAsync(input, CancellationToken.None);
}
