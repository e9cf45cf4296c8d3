using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Application.Tests.Settlement;

/// <summary>
/// The run's orchestration on the in-process Durable Task host, its activities stood in for by ones that count how
/// many batches are in flight: the orchestration's own fan-out is what is under test, the steps are tested elsewhere.
/// </summary>
public sealed class SettlementRunOrchestratorTests
{
    private sealed class InFlight
    {
        private int now;
        private int most;
        private int calls;

        public int Most => most;

        public int Calls => calls;

        public async Task<T> CountAsync<T>(T result)
        {
            Interlocked.Increment(ref calls);
            var current = Interlocked.Increment(ref now);
            int seen;
            while ((seen = most) < current && Interlocked.CompareExchange(ref most, current, seen) != seen)
            {
            }

            await Task.Delay(150);
            Interlocked.Decrement(ref now);
            return result;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Batches_are_computed_and_paid_at_most_the_requests_concurrency_at_a_time_and_every_one_once(int concurrency)
    {
        var (computing, paying) = (new InFlight(), new InFlight());
        await using var host = await InProcessDurableHost.StartAsync(tasks =>
        {
            tasks.AddOrchestrator<SettlementRunOrchestrator>();
            tasks.AddActivityFunc<SettlementRunRequest, SettlementPreparation>(PrepareSettlementActivity.Name, (_, _) => new SettlementPreparation(["", "b", "c", "d", "e", "f", "g"]));
            tasks.AddActivityFunc<SettlementBatch, SettlementRunTotals>(ComputeStatementsActivity.Name, (_, _) => computing.CountAsync(SettlementRunTotals.Zero));
            tasks.AddActivityFunc<SettlementDraft, SettlementRunStatus>(DraftSettlementActivity.Name, (_, draft) => draft.Batches.Count == 7 ? SettlementRunStatus.Approved : SettlementRunStatus.Draft);
            tasks.AddActivityFunc<SettlementBatch, PayoutBatchResult>(PayOutSettlementActivity.Name, (_, _) => paying.CountAsync(new PayoutBatchResult(1, 2.50m, 0)));
            tasks.AddActivityFunc<SettlementAdvance, SettlementRunStatus>(AdvanceSettlementActivity.Name, (_, advance) => advance.To);
            tasks.AddActivityFunc<SettlementRunRequest, int>(ExportSettlementActivity.Name, (_, _) => 7);
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var request = new SettlementRunRequest("prog-1", new DateOnly(2026, 6, 1), 1, "test", TimeSpan.FromHours(48), BatchSize: 10, BatchConcurrency: concurrency);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(SettlementRunOrchestrator.Name, request, new StartOrchestrationOptions(request.InstanceId), timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal((OrchestrationRuntimeStatus.Completed, "completed"), (done.RuntimeStatus, done.ReadOutputAs<string>()));
        Assert.Equal((7, 7), (computing.Calls, paying.Calls));
        // The test host runs as many activities at once as the machine has cores (two here): one at a time is the throttle's doing.
        Assert.InRange(computing.Most, 1, concurrency);
        Assert.InRange(paying.Most, 1, concurrency);
    }
}
