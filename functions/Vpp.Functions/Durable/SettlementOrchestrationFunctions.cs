using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Functions.Durable;

/// <summary>Durable Functions wrappers of <see cref="SettlementRunOrchestrator"/> and its activities.</summary>
public sealed class SettlementOrchestrationFunctions(
    PrepareSettlementActivity prepare,
    ComputeStatementsActivity compute,
    DraftSettlementActivity draft,
    ReadSettlementStatusActivity status,
    RemindApproversActivity remind,
    PayOutSettlementActivity pay,
    ExportSettlementActivity export,
    AdvanceSettlementActivity advance,
    HoldSettlementActivity hold)
{
    [Function(SettlementRunOrchestrator.Name)]
    public static Task<string> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SettlementRunOrchestrator().RunAsync(context, context.GetInput<SettlementRunRequest>()!);
    }

    [Function(PrepareSettlementActivity.Name)]
    public Task<SettlementPreparation> Prepare([ActivityTrigger] SettlementRunRequest input, FunctionContext invocation) =>
        prepare.RunAsync(new FunctionActivityContext(PrepareSettlementActivity.Name, invocation), input);

    [Function(ComputeStatementsActivity.Name)]
    public Task<SettlementRunTotals> Compute([ActivityTrigger] SettlementBatch input, FunctionContext invocation) =>
        compute.RunAsync(new FunctionActivityContext(ComputeStatementsActivity.Name, invocation), input);

    [Function(DraftSettlementActivity.Name)]
    public Task<SettlementRunStatus> Draft([ActivityTrigger] SettlementDraft input, FunctionContext invocation) =>
        draft.RunAsync(new FunctionActivityContext(DraftSettlementActivity.Name, invocation), input);

    [Function(ReadSettlementStatusActivity.Name)]
    public Task<SettlementRunStatus> Status([ActivityTrigger] SettlementRunRequest input, FunctionContext invocation) =>
        status.RunAsync(new FunctionActivityContext(ReadSettlementStatusActivity.Name, invocation), input);

    [Function(RemindApproversActivity.Name)]
    public Task<bool> Remind([ActivityTrigger] SettlementRunRequest input, FunctionContext invocation) =>
        remind.RunAsync(new FunctionActivityContext(RemindApproversActivity.Name, invocation), input);

    [Function(PayOutSettlementActivity.Name)]
    public Task<PayoutBatchResult> Pay([ActivityTrigger] SettlementBatch input, FunctionContext invocation) =>
        pay.RunAsync(new FunctionActivityContext(PayOutSettlementActivity.Name, invocation), input);

    [Function(ExportSettlementActivity.Name)]
    public Task<int> Export([ActivityTrigger] SettlementRunRequest input, FunctionContext invocation) =>
        export.RunAsync(new FunctionActivityContext(ExportSettlementActivity.Name, invocation), input);

    [Function(AdvanceSettlementActivity.Name)]
    public Task<SettlementRunStatus> Advance([ActivityTrigger] SettlementAdvance input, FunctionContext invocation) =>
        advance.RunAsync(new FunctionActivityContext(AdvanceSettlementActivity.Name, invocation), input);

    [Function(HoldSettlementActivity.Name)]
    public Task<bool> Hold([ActivityTrigger] SettlementHold input, FunctionContext invocation) =>
        hold.RunAsync(new FunctionActivityContext(HoldSettlementActivity.Name, invocation), input);
}
