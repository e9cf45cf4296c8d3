using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Diagnostics;
using Vpp.TestSupport.Memory;

namespace Vpp.Application.Tests;

/// <summary>The probe orchestration on the in-process Durable Task host: the same registration the hosts use.</summary>
public sealed class DurableProbeOrchestratorTests
{
    [Fact]
    public async Task A_probe_records_each_step_once_through_its_timer_and_external_event()
    {
        var ledger = new InMemoryProbeLedger();
        var recorder = new OrchestrationRecorder();
        await using var host = await InProcessDurableHost.StartAsync(tasks => tasks.AddVppTasks(), new DurableTaskTestHostOptions
        {
            ConfigureServices = services => services.AddSingleton<IProbeLedger>(ledger).AddVppActivities()
                .Configure<GrpcDurableTaskWorkerOptions>(options => options.Interceptors.Add(recorder)),
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(DurableProbeOrchestrator.Name, new DurableProbe("p-1", TimeSpan.FromSeconds(1), AwaitsSignal: true),
            new StartOrchestrationOptions { Version = DurableTasks.OrchestrationVersion }, timeout.Token);
        await host.Client.WaitForInstanceStartAsync(id, timeout.Token);
        var afterStart = await WaitForStepAsync(ledger, "p-1", ProbeStep.Started, timeout.Token);
        await host.Client.RaiseEventAsync(id, DurableProbeOrchestrator.SignalEvent, "go", timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        var steps = await ledger.StepsAsync("p-1", CancellationToken.None);
        var history = recorder.Finished(id);
        history.SaveWhenAsked("signalled");

        Assert.Equal(1, afterStart);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("go", done.ReadOutputAs<string>());
        Assert.Equal(new Dictionary<string, int> { [ProbeStep.Started] = 1, [ProbeStep.Finished] = 1 }, steps);
        Assert.Equal(DurableTasks.OrchestrationVersion, history.Version);
        history.AssertReplaysAsRecorded();
    }

    private static async Task<int> WaitForStepAsync(InMemoryProbeLedger ledger, string probeId, string step, CancellationToken cancellationToken)
    {
        while (true)
        {
            if ((await ledger.StepsAsync(probeId, cancellationToken)).TryGetValue(step, out var attempts))
            {
                return attempts;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
