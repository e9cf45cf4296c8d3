using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vpp.Functions.Hosting;
using Vpp.LocalHost.Hosting;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

/// <summary>Stopping the local runner while a function is still working ends each trigger driver quietly.</summary>
public sealed class TriggerDriverShutdownTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_event_batch_interrupted_by_stopping_is_not_checkpointed_and_the_driver_ends_quietly()
    {
        var handling = new TaskCompletionSource();
        var hub = new LocalEventHub(partitionCount: 1);
        Assert.True(hub.TryPublish("device-1", "{}"u8.ToArray(), Now));
        var driver = new EventHubTriggerDriver(hub, new EventHubBatchSettings(10, TimeSpan.FromMilliseconds(100)), (_, ct) => SlowlyAsync(handling, ct), NullLogger.Instance);

        await AssertStopsQuietlyAsync(driver.RunAsync, handling);

        Assert.Equal(0, driver.Delivered);
        Assert.Equal(1, hub.Pending);
    }

    [Fact]
    public async Task A_timer_invocation_interrupted_by_stopping_ends_the_driver_quietly()
    {
        var services = new ServiceCollection().AddSingleton(new SlowTick.Gate()).BuildServiceProvider();
        var invoker = new FunctionInvoker(services, FunctionCatalog.Load(typeof(SlowTick).Assembly));
        var (function, trigger) = invoker.Catalog.Timers.Single();
        var driver = new TimerTriggerDriver(function.Name, trigger, invoker, new ScaledTimeProvider(Now, 1), NullLogger.Instance);

        await AssertStopsQuietlyAsync(driver.RunAsync, services.GetRequiredService<SlowTick.Gate>().Handling);

        Assert.Equal(0, driver.Invocations);
    }

    private static async Task SlowlyAsync(TaskCompletionSource handling, CancellationToken cancellationToken)
    {
        handling.TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
    }

    private static async Task AssertStopsQuietlyAsync(Func<CancellationToken, Task> run, TaskCompletionSource handling)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = run(stop.Token);
        await handling.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();

        await running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(running.IsCompletedSuccessfully);
    }

    /// <summary>A timer function that runs on startup and takes its time, to be stopped mid-invocation.</summary>
    public sealed class SlowTick(SlowTick.Gate gate)
    {
        [Function("SlowTick")]
        public async Task Run([TimerTrigger("0 0 * * * *", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken)
        {
            gate.Handling.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        }

        public sealed class Gate
        {
            public TaskCompletionSource Handling { get; } = new();
        }
    }
}
