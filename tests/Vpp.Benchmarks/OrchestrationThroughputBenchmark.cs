using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Diagnostics;
using Vpp.Infrastructure.Tables;
using Vpp.LocalHost.Hosting;

namespace Vpp.Benchmarks;

/// <summary>
/// Small orchestrations through the local durable stack (the Durable Task worker over the Azure Storage provider on
/// Azurite): each durable probe runs an activity, a one-second durable timer, waits for an external event and runs a
/// second activity. Counts what completed, activity reruns (at least once), and effects applied by more than one
/// attempt (never: each carries its probe and step as idempotency key).
/// </summary>
public static class OrchestrationThroughputBenchmark
{
    public static async Task<int> RunAsync(int instances)
    {
        var applied = new ConcurrentDictionary<(string ProbeId, string Step), int>();
        await using var runner = await LocalRunner.StartAsync(new LocalRunnerOptions
        {
            Port = 0,
            RunTimers = false,
            ServiceOverrides = services => services.AddSingleton<IProbeLedger>(sp => new CountingLedger(sp.GetRequiredService<TableProbeLedger>(), applied)).AddSingleton<TableProbeLedger>(),
        });
        var durable = runner.Services.GetRequiredService<DurableTaskClient>();
        var ledger = runner.Services.GetRequiredService<IProbeLedger>();
        var probes = Enumerable.Range(0, instances).Select(i => $"bench-{Guid.NewGuid():N}").ToList();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));

        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = limit.Token }, async (id, ct) =>
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(DurableProbeOrchestrator.Name, new DurableProbe(id, TimeSpan.FromSeconds(1), AwaitsSignal: true), new StartOrchestrationOptions(id), ct);
            // The Azure Storage provider drops an event raised before its instance exists: signal once it runs.
            await durable.WaitForInstanceStartAsync(id, ct);
            await durable.RaiseEventAsync(id, DurableProbeOrchestrator.SignalEvent, "go", ct);
        });
        var completed = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = CancellationToken.None }, async (id, _) =>
        {
            try
            {
                var done = await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, limit.Token);
                if (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed && done.ReadOutputAs<string>() == "go")
                {
                    completed.Add(id);
                }
            }
            catch (OperationCanceledException)
            {
                // Not completed in time: counted as lost.
            }
        });
        watch.Stop();

        long lost = 0, reruns = 0;
        foreach (var id in probes)
        {
            var steps = await ledger.StepsAsync(id, CancellationToken.None);
            lost += completed.Contains(id) && steps.ContainsKey(ProbeStep.Started) && steps.ContainsKey(ProbeStep.Finished) ? 0 : 1;
            reruns += steps.Values.Sum(attempts => attempts - 1);
        }

        var duplicated = applied.Count(a => a.Value > 1);

        Console.WriteLine(FormattableString.Invariant(
            $"RESULT instances={instances} per_s={completed.Count / watch.Elapsed.TotalSeconds:0.0} lost={lost} duplicated_effects={duplicated} activity_reruns={reruns} seconds={watch.Elapsed.TotalSeconds:0.0}"));
        return lost == 0 && duplicated == 0 ? 0 : 1;
    }

    /// <summary>Counts, per probe and step, the attempts whose effect the ledger says it applied: more than one is a duplicated effect.</summary>
    private sealed class CountingLedger(TableProbeLedger inner, ConcurrentDictionary<(string ProbeId, string Step), int> applied) : IProbeLedger
    {
        public async Task<bool> RecordAsync(ProbeStep probeStep, CancellationToken cancellationToken)
        {
            var recorded = await inner.RecordAsync(probeStep, cancellationToken);
            if (recorded)
            {
                applied.AddOrUpdate((probeStep.ProbeId, probeStep.Step), 1, (_, n) => n + 1);
            }

            return recorded;
        }

        public Task<IReadOnlyDictionary<string, int>> StepsAsync(string probeId, CancellationToken cancellationToken) => inner.StepsAsync(probeId, cancellationToken);
    }
}
