using Microsoft.DurableTask;
using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// One version of a program's monthly settlement (instance id <see cref="SettlementRunRequest.InstanceId"/>): freeze
/// the inputs, settle every batch of customers (fanned out), draft the run once its totals balance, wait for a program
/// manager's decision (days if need be, reminding them each <see cref="SettlementRunRequest.ReminderAfter"/>), then,
/// approved, pay every batch, export for finance and complete; rejected, end (a new version is computed after
/// corrections); a step of computing that still fails after its retries fails the run, which a new version replaces
/// likewise (ADR 0044); a step after approval that does holds the run until a person resumes it (ADR 0045). Each step
/// is an activity that is safe to repeat: transfers carry the line's idempotency key, and a step already taken is read
/// back, not taken again, so a host that dies anywhere resumes and pays no one twice.
/// </summary>
[DurableTask(Name)]
public sealed class SettlementRunOrchestrator : TaskOrchestrator<SettlementRunRequest, string>
{
    public const string Name = "SettlementRun";

    /// <summary>The output of an instance that held its run and, resumed, continued as new.</summary>
    private const string Resumed = "resumed";

    private static readonly TaskOptions Retried = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, SettlementRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var prepared = await context.CallActivityAsync<SettlementPreparation>(PrepareSettlementActivity.Name, input, Retried);
        if (prepared.Refusal is not null)
        {
            return $"refused: {prepared.Refusal}";
        }

        var batches = SettlementBatch.All(input.ProgramId, input.Month, input.Version, prepared.BatchStarts).ToList();
        // Payouts retry for longer: a batch's transfers that failed in a way a retry may cure are retried until their attempts run out.
        var first = TimeSpan.FromSeconds(input.PayoutRetrySeconds ?? SettlementRunRequest.DefaultPayoutRetrySeconds);
        var payoutsRetried = TaskOptions.FromRetryPolicy(new RetryPolicy(10, first, 2, first * 60));
        SettlementRunStatus status;
        try
        {
            var totals = await FanOutAsync(batches, input.BatchConcurrency, b => context.CallActivityAsync<SettlementRunTotals>(ComputeStatementsActivity.Name, b, Retried));
            status = await context.CallActivityAsync<SettlementRunStatus>(DraftSettlementActivity.Name, new SettlementDraft(input, totals), Retried);
        }
        catch (TaskFailedException failure)
        {
            // Nothing is owed or paid before approval: the run fails, and its month may be computed again as a new version.
            status = await AdvanceAsync(context, input, SettlementRunStatus.Failed, $"{failure.TaskName} failed after its retries: {failure.FailureDetails.ErrorMessage}");
            return SettlementRun.Name(status);
        }

        status = await AwaitDecisionAsync(context, input, status);
        if (status == SettlementRunStatus.Rejected)
        {
            return SettlementRun.Name(status);
        }

        if (status == SettlementRunStatus.Approved)
        {
            var (resumed, results) = await HeldOnFailureAsync(context, input,
                () => FanOutAsync(batches, input.BatchConcurrency, b => context.CallActivityAsync<PayoutBatchResult>(PayOutSettlementActivity.Name, b, payoutsRetried)));
            if (resumed)
            {
                return Resumed;
            }

            var paid = results.Aggregate(PayoutBatchResult.None, (sum, r) => sum.Plus(r));
            status = await AdvanceAsync(context, input, SettlementRunStatus.PaidOut,
                FormattableString.Invariant($"{paid.Paid} transfers totalling {paid.PaidAmount:0.00}{(paid.Failed > 0 ? $"; {paid.Failed} failed, carried to the next run" : string.Empty)}"));
        }

        if (status == SettlementRunStatus.PaidOut)
        {
            var (resumed, files) = await HeldOnFailureAsync(context, input, () => context.CallActivityAsync<int>(ExportSettlementActivity.Name, input, Retried));
            if (resumed)
            {
                return Resumed;
            }

            status = await AdvanceAsync(context, input, SettlementRunStatus.Completed, $"{files} export files written");
        }

        return SettlementRun.Name(status);
    }

    /// <summary>Calls <paramref name="call"/> for every batch, at most <paramref name="concurrency"/> at a time; the results in batch order.</summary>
    private static async Task<TResult[]> FanOutAsync<TResult>(List<SettlementBatch> batches, int concurrency, Func<SettlementBatch, Task<TResult>> call)
    {
        var calls = new Task<TResult>[batches.Count];
        var inFlight = new List<Task<TResult>>();
        for (var i = 0; i < batches.Count; i++)
        {
            if (inFlight.Count >= Math.Max(1, concurrency))
            {
                inFlight.Remove(await Task.WhenAny(inFlight));
            }

            calls[i] = call(batches[i]);
            inFlight.Add(calls[i]);
        }

        return await Task.WhenAll(calls);
    }

    /// <summary>
    /// An approved run's step (ADR 0045): one that still fails after its retries cannot fail the run, whose statements
    /// stand and whose payouts may be half made, so it holds the run where it is and waits, days if need be, for a person
    /// to resume it (the store records the resumption first). Then the orchestration starts over as new: every step
    /// before reads its outcome back from the store, the held one runs again (each is safe to repeat), and the history
    /// does not grow with each hold.
    /// </summary>
    private static async Task<(bool Resumed, T Result)> HeldOnFailureAsync<T>(TaskOrchestrationContext context, SettlementRunRequest input, Func<Task<T>> step)
    {
        string cause;
        try
        {
            return (false, await step());
        }
        catch (TaskFailedException failure)
        {
            cause = $"held: {failure.TaskName} failed after its retries: {failure.FailureDetails.ErrorMessage}";
        }

        await context.CallActivityAsync<bool>(HoldSettlementActivity.Name, new SettlementHold(input.ProgramId, input.Month, input.Version, cause), Retried);
        await context.WaitForExternalEvent<SettlementResumption>(SettlementResumption.EventName);
        context.ContinueAsNew(input);
        return (true, default!);
    }

    /// <summary>
    /// Waits while the run is a draft: a decision's signal wakes it to read the store (which the API wrote first); a
    /// reminder goes out each period it keeps waiting. One wait for the signal stays pending across the timers.
    /// </summary>
    private static async Task<SettlementRunStatus> AwaitDecisionAsync(TaskOrchestrationContext context, SettlementRunRequest input, SettlementRunStatus status)
    {
        if (status == SettlementRunStatus.Draft)
        {
            // A decision may have come before this wait began (recorded, its signal raised to no one).
            status = await context.CallActivityAsync<SettlementRunStatus>(ReadSettlementStatusActivity.Name, input, Retried);
        }

        Task<SettlementDecision>? decision = null;
        var remindAt = context.CurrentUtcDateTime + input.ReminderAfter;
        while (status == SettlementRunStatus.Draft)
        {
            decision ??= context.WaitForExternalEvent<SettlementDecision>(SettlementDecision.EventName);
            using var cancelTimer = new CancellationTokenSource();
            var timer = context.CreateTimer(remindAt, cancelTimer.Token);
            if (await Task.WhenAny(decision, timer) == decision)
            {
                // Cancelled synchronously: an orchestrator continues only on its own thread, never after a thread-pool callback.
                cancelTimer.Cancel();
                decision = null;
                status = await context.CallActivityAsync<SettlementRunStatus>(ReadSettlementStatusActivity.Name, input, Retried);
            }
            else
            {
                await context.CallActivityAsync<bool>(RemindApproversActivity.Name, input, Retried);
                remindAt += input.ReminderAfter;
            }
        }

        return status;
    }

    private static Task<SettlementRunStatus> AdvanceAsync(TaskOrchestrationContext context, SettlementRunRequest input, SettlementRunStatus to, string cause) =>
        context.CallActivityAsync<SettlementRunStatus>(AdvanceSettlementActivity.Name, new SettlementAdvance(input.ProgramId, input.Month, input.Version, to, cause), Retried);
}
