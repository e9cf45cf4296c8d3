using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Vpp.LocalHost.Hosting;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

/// <summary>Stopping the local runner while the handler is still working ends each trigger driver quietly.</summary>
public sealed class TriggerDriverShutdownTests
{
    private const string HostJson = "{\"version\":\"2.0\",\"extensions\":{\"eventHubs\":{\"maxEventBatchSize\":10,\"maxWaitTime\":\"00:00:00.100\"}}}";

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_event_batch_interrupted_by_stopping_is_not_checkpointed_and_the_driver_ends_quietly()
    {
        var handling = new TaskCompletionSource();
        await using var app = await FunctionAppRig.StartAsync(HostJson, "Ingest",
            "{\"bindings\":[{\"type\":\"eventHubTrigger\",\"direction\":\"in\",\"name\":\"events\",\"eventHubName\":\"hub\",\"connection\":\"HUB\",\"cardinality\":\"many\",\"dataType\":\"string\"}]}",
            _ => Slowly(handling));
        var hub = new LocalEventHub(partitionCount: 1);
        Assert.True(hub.TryPublish("device-1", "{}"u8.ToArray(), Now));
        var driver = new EventHubTriggerDriver(app.Function, app.Catalog, hub, app.Invoker, NullLogger.Instance);

        await AssertStopsQuietlyAsync(driver.RunAsync, handling);

        Assert.Equal(0, driver.Delivered);
        Assert.Equal(1, hub.Pending);
    }

    [Fact]
    public async Task A_timer_invocation_interrupted_by_stopping_ends_the_driver_quietly()
    {
        var handling = new TaskCompletionSource();
        await using var app = await FunctionAppRig.StartAsync(HostJson, "Tick",
            "{\"bindings\":[{\"type\":\"timerTrigger\",\"direction\":\"in\",\"name\":\"timer\",\"schedule\":\"0 0 * * * *\",\"runOnStartup\":true}]}",
            _ => Slowly(handling));
        var driver = new TimerTriggerDriver(app.Function, app.Invoker, new ScaledTimeProvider(Now, 1), NullLogger.Instance);

        await AssertStopsQuietlyAsync(driver.RunAsync, handling);

        Assert.Equal(0, driver.Invocations);
    }

    private static async Task<IResult> Slowly(TaskCompletionSource handling)
    {
        handling.TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(10));
        return Results.Ok();
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
}
