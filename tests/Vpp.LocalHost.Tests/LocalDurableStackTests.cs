using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Vpp.Application;
using Vpp.Application.Diagnostics;
using Vpp.Functions.Durable;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

/// <summary>The local durable stack (Durable Task worker, gRPC sidecar, Azure Storage provider on Azurite) in-process.</summary>
public sealed class LocalDurableStackTests : IAsyncLifetime
{
    private readonly FakeLogCollector logs = new();
    private AzuriteProcess? azurite;
    private LocalRunner? stack;

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync();
        stack = await LocalRunner.StartAsync(new LocalRunnerOptions
        {
            Port = 0,
            Storage = azurite.ConnectionString,
            RunTimers = false,
            ServiceOverrides = services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs)),
        });
    }

    public async Task DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_probe_fans_out_child_probes_as_sub_orchestrations_and_every_one_records_its_steps_once()
    {
        var durable = stack!.Services.GetRequiredService<DurableTaskClient>();
        var ledger = stack.Services.GetRequiredService<IProbeLedger>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var id = await durable.ScheduleNewOrchestrationInstanceAsync(DurableProbeOrchestrator.Name, new DurableProbe("fan-1", TimeSpan.FromSeconds(1), false, Children: 3),
            new StartOrchestrationOptions("fan-1"), timeout.Token);
        var done = await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        foreach (var probe in new[] { "fan-1", "fan-1-0", "fan-1-1", "fan-1-2" })
        {
            var steps = await ledger.StepsAsync(probe, CancellationToken.None);
            Assert.Equal(new Dictionary<string, int> { [ProbeStep.Started] = 1, [ProbeStep.Finished] = 1 }, steps);

            // Each instance, the children the worker started included, carries today's version for life (ADR 0040).
            var state = await stack.Services.GetRequiredService<AzureStorageOrchestrationService>().GetOrchestrationStateAsync(probe, executionId: null);
            Assert.Equal(DurableTasks.OrchestrationVersion, state.Version);
        }
    }

    /// <summary>
    /// Two builds may share a task hub while one replaces the other: an instance the newer one started is left for it,
    /// neither run nor failed by a worker that does not know its version (ADR 0040).
    /// </summary>
    [Fact]
    public async Task An_instance_a_newer_build_started_is_left_untouched_while_todays_instances_run()
    {
        const string NewerVersion = "99.0";
        var durable = stack!.Services.GetRequiredService<DurableTaskClient>();
        var ledger = stack.Services.GetRequiredService<IProbeLedger>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await durable.ScheduleNewOrchestrationInstanceAsync(DurableProbeOrchestrator.Name, new DurableProbe("newer-1", TimeSpan.Zero, false),
            new StartOrchestrationOptions("newer-1") { Version = NewerVersion }, timeout.Token);
        await durable.ScheduleNewOrchestrationInstanceAsync(DurableProbeOrchestrator.Name, new DurableProbe("today-1", TimeSpan.Zero, false),
            new StartOrchestrationOptions("today-1"), timeout.Token);
        var today = await durable.WaitForInstanceCompletionAsync("today-1", timeout.Token);
        while (!logs.GetSnapshot().Any(r => r.Message.Contains($"'{NewerVersion}' is greater than the worker version '{DurableTasks.OrchestrationVersion}'", StringComparison.Ordinal)))
        {
            await Task.Delay(100, timeout.Token);
        }

        var newer = await durable.GetInstanceAsync("newer-1", timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, today.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, newer!.RuntimeStatus);
        Assert.Empty(await ledger.StepsAsync("newer-1", CancellationToken.None));
    }

    /// <summary>
    /// Orchestrations keyed by a business id (an event, a run version) are started through <see cref="OrchestrationStarts"/>:
    /// the Azure Storage provider itself refuses a second start of an unfinished instance, which would otherwise replace it,
    /// and a finished one is started again only when asked for a new execution.
    /// </summary>
    [Fact]
    public async Task A_second_start_of_an_instance_is_refused_by_the_backend_and_a_finished_one_runs_again_only_when_asked()
    {
        var durable = stack!.Services.GetRequiredService<DurableTaskClient>();
        var backend = stack.Services.GetRequiredService<AzureStorageOrchestrationService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var probe = new DurableProbe("once-1", TimeSpan.Zero, AwaitsSignal: true);

        var first = await OrchestrationStarts.StartOnceAsync(durable, DurableProbeOrchestrator.Name, probe, probe.ProbeId, timeout.Token);
        var firstExecution = (await backend.GetOrchestrationStateAsync(probe.ProbeId, executionId: null)).OrchestrationInstance.ExecutionId;
        var againWhileUnfinished = await OrchestrationStarts.StartOnceAsync(durable, DurableProbeOrchestrator.Name, probe, probe.ProbeId, timeout.Token);
        var newExecutionWhileUnfinished = await OrchestrationStarts.StartUnlessUnfinishedAsync(durable, DurableProbeOrchestrator.Name, probe, probe.ProbeId, timeout.Token);
        await durable.WaitForInstanceStartAsync(probe.ProbeId, timeout.Token);
        await durable.RaiseEventAsync(probe.ProbeId, DurableProbeOrchestrator.SignalEvent, "go", timeout.Token);
        var finished = await durable.WaitForInstanceCompletionAsync(probe.ProbeId, timeout.Token);
        var againOnceFinished = await OrchestrationStarts.StartOnceAsync(durable, DurableProbeOrchestrator.Name, probe, probe.ProbeId, timeout.Token);
        var unchanged = (await backend.GetOrchestrationStateAsync(probe.ProbeId, executionId: null)).OrchestrationInstance.ExecutionId;
        var newExecution = await OrchestrationStarts.StartUnlessUnfinishedAsync(durable, DurableProbeOrchestrator.Name, probe, probe.ProbeId, timeout.Token);
        var second = await backend.GetOrchestrationStateAsync(probe.ProbeId, executionId: null);

        Assert.True(first);
        Assert.False(againWhileUnfinished);
        Assert.False(newExecutionWhileUnfinished);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.False(againOnceFinished);
        Assert.Equal(firstExecution, unchanged);
        Assert.True(newExecution);
        Assert.NotEqual(firstExecution, second.OrchestrationInstance.ExecutionId);
    }

    /// <summary>
    /// The worker takes a work-item stream silent for two minutes as dead and reconnects, and the sidecar sends no pings:
    /// an event idle through its window did so every two minutes, and a work item sent as it did was lost for a while.
    /// </summary>
    [Fact]
    public async Task An_orchestration_idle_on_a_timer_for_over_two_minutes_completes_without_the_worker_reconnecting()
    {
        var durable = stack!.Services.GetRequiredService<DurableTaskClient>();
        var ledger = stack.Services.GetRequiredService<IProbeLedger>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));

        var id = await durable.ScheduleNewOrchestrationInstanceAsync(DurableProbeOrchestrator.Name, new DurableProbe("idle-1", TimeSpan.FromSeconds(140), false),
            new StartOrchestrationOptions("idle-1"), timeout.Token);
        var done = await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new Dictionary<string, int> { [ProbeStep.Started] = 1, [ProbeStep.Finished] = 1 }, await ledger.StepsAsync("idle-1", CancellationToken.None));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains("stopped receiving traffic", StringComparison.Ordinal) || r.Message.Contains("Recreating gRPC channel", StringComparison.Ordinal));
    }
}
