using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Vpp.Infrastructure.Tests;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

public sealed class QueueTriggerDriverTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Messages_are_delivered_in_the_hosts_shape_and_poison_ones_move_aside_after_max_dequeue_count()
    {
        var queueName = "work-" + Guid.NewGuid().ToString("N")[..8];
        var appRoot = Directory.CreateTempSubdirectory("functionapp-").FullName;
        await File.WriteAllTextAsync(Path.Combine(appRoot, "host.json"),
            "{\"version\":\"2.0\",\"extensions\":{\"queues\":{\"batchSize\":4,\"maxDequeueCount\":2,\"visibilityTimeout\":\"00:00:00\",\"maxPollingInterval\":\"00:00:00.200\"}}}");
        Directory.CreateDirectory(Path.Combine(appRoot, "WorkStep"));
        await File.WriteAllTextAsync(Path.Combine(appRoot, "WorkStep", "function.json"),
            $"{{\"bindings\":[{{\"type\":\"queueTrigger\",\"direction\":\"in\",\"name\":\"step\",\"queueName\":\"{queueName}\",\"connection\":\"AzureWebJobsStorage\"}}]}}");

        var received = new ConcurrentBag<(string Text, string DequeueCount)>();
        var port = AzuriteProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var handler = builder.Build();
        handler.MapPost("/WorkStep", async (HttpRequest request) =>
        {
            var payload = await JsonNode.ParseAsync(request.Body);
            var text = JsonSerializer.Deserialize<string>(payload!["Data"]!["step"]!.GetValue<string>())!;
            received.Add((text, payload["Metadata"]!["DequeueCount"]!.GetValue<string>()));
            return text == "bad" ? Results.StatusCode(500) : Results.Ok();
        });
        await handler.StartAsync();

        var queue = azurite.Account.Queue(queueName);
        await queue.CreateIfNotExistsAsync();
        await queue.SendAsync("good");
        await queue.SendAsync("bad");

        var catalog = FunctionCatalog.Load(appRoot);
        using var http = new HttpClient();
        var invoker = new HandlerInvoker(http, new Uri($"http://127.0.0.1:{port}/"), TimeProvider.System);
        var driver = new QueueTriggerDriver(catalog.Functions.Single(), catalog, azurite.Account, invoker, NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = driver.RunAsync(stop.Token);

        var poison = azurite.Account.Queue(queueName + "-poison");
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
        Assert.Empty(await queue.ReceiveAsync(32));
    }
}
