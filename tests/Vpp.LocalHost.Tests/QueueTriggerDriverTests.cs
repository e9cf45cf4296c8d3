using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Vpp.Infrastructure.Tests;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

public sealed class QueueTriggerDriverTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Messages_are_delivered_in_the_hosts_shape_and_poison_ones_move_aside_after_max_dequeue_count()
    {
        var received = new ConcurrentBag<(string Text, string DequeueCount)>();
        await using var rig = await Rig.StartAsync(azurite, async payload =>
        {
            var text = JsonSerializer.Deserialize<string>(payload["Data"]!["step"]!.GetValue<string>())!;
            received.Add((text, payload["Metadata"]!["DequeueCount"]!.GetValue<string>()));
            await Task.CompletedTask;
            return text == "bad" ? Results.StatusCode(500) : Results.Ok();
        });
        await rig.Queue.SendAsync("good");
        await rig.Queue.SendAsync("bad");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = rig.Driver.RunAsync(stop.Token);
        var poison = azurite.Account.Queue(rig.Queue.Name + "-poison");
        IReadOnlyList<Vpp.Infrastructure.Storage.QueueMessage> poisoned = [];
        while (!stop.IsCancellationRequested && poisoned.Count == 0)
        {
            await Task.Delay(100);
            try
            {
                poisoned = await poison.ReceiveAsync(32);
            }
            catch (Vpp.Infrastructure.Storage.StorageException)
            {
                // The poison queue appears only when the first message is moved there.
            }
        }

        await stop.CancelAsync();
        await run;

        Assert.Equal("bad", Assert.Single(poisoned).Text);
        Assert.Single(received, r => r.Text == "good");
        Assert.Equal(["1", "2"], received.Where(r => r.Text == "bad").Select(r => r.DequeueCount).Order());
        Assert.Empty(await rig.Queue.ReceiveAsync(32));
    }

    [Fact]
    public async Task Stopping_while_a_message_is_being_handled_ends_the_driver_quietly()
    {
        var handling = new TaskCompletionSource();
        await using var rig = await Rig.StartAsync(azurite, async _ =>
        {
            handling.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(10));
            return Results.Ok();
        });
        await rig.Queue.SendAsync("slow");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = rig.Driver.RunAsync(stop.Token);
        await handling.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();

        // The message is neither deleted nor failed: it becomes visible again and the next run delivers it.
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(run.IsCompletedSuccessfully);
    }

    /// <summary>The queue-triggered function <c>WorkStep</c> (two tries, no retry delay) on a fresh queue.</summary>
    private sealed class Rig(FunctionAppRig app, Vpp.Infrastructure.Storage.QueueClient queue, QueueTriggerDriver driver) : IAsyncDisposable
    {
        public Vpp.Infrastructure.Storage.QueueClient Queue { get; } = queue;

        public QueueTriggerDriver Driver { get; } = driver;

        public static async Task<Rig> StartAsync(AzuriteFixture azurite, Func<JsonNode, Task<IResult>> handle)
        {
            var queueName = "work-" + Guid.NewGuid().ToString("N")[..8];
            var app = await FunctionAppRig.StartAsync(
                "{\"version\":\"2.0\",\"extensions\":{\"queues\":{\"batchSize\":4,\"maxDequeueCount\":2,\"visibilityTimeout\":\"00:00:00\",\"maxPollingInterval\":\"00:00:00.200\"}}}",
                "WorkStep",
                $"{{\"bindings\":[{{\"type\":\"queueTrigger\",\"direction\":\"in\",\"name\":\"step\",\"queueName\":\"{queueName}\",\"connection\":\"AzureWebJobsStorage\"}}]}}",
                handle);
            var queue = azurite.Account.Queue(queueName);
            await queue.CreateIfNotExistsAsync();
            return new Rig(app, queue, new QueueTriggerDriver(app.Function, app.Catalog, azurite.Account, app.Invoker, NullLogger.Instance));
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
