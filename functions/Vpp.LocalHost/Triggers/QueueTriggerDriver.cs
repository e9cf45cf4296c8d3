using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vpp.Infrastructure.Storage;

namespace Vpp.LocalHost.Triggers;

/// <summary>
/// Plays a queue trigger: polls up to batchSize messages, invokes the handler per message, deletes on success,
/// makes a failed message visible again after host.json's visibilityTimeout, and moves it to
/// <c>&lt;queue&gt;-poison</c> once it has been dequeued maxDequeueCount times.
/// </summary>
public sealed class QueueTriggerDriver(FunctionDefinition function, FunctionCatalog catalog, StorageAccount storage, HandlerInvoker handler, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queueName = function.Setting("queueName") ?? throw new InvalidOperationException($"{function.Name} has no queueName.");
        var queue = storage.Queue(queueName);
        var poison = storage.Queue(queueName + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken);
        var batchSize = catalog.Extension("queues", "batchSize")?.GetInt32() ?? 16;
        var maxDequeue = catalog.Extension("queues", "maxDequeueCount")?.GetInt32() ?? 5;
        var retryDelay = TimeSpan.Parse(catalog.Extension("queues", "visibilityTimeout")?.GetString() ?? "00:00:00", CultureInfo.InvariantCulture);
        var maxPolling = TimeSpan.Parse(catalog.Extension("queues", "maxPollingInterval")?.GetString() ?? "00:00:02", CultureInfo.InvariantCulture);
        var idle = TimeSpan.FromMilliseconds(100);

        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = await queue.ReceiveAsync(Math.Clamp(batchSize, 1, 32), TimeSpan.FromMinutes(5), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (messages.Count == 0)
            {
                await Task.Delay(idle, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, maxPolling.TotalMilliseconds));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(100);
            try
            {
                await DeliverAsync(messages, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping mid-batch: what was not deleted becomes visible again and is delivered later (at least once).
                return;
            }
        }

        async Task DeliverAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken) =>
            await Parallel.ForEachAsync(messages, cancellationToken, async (message, ct) =>
            {
                var data = new JsonObject { [function.BindingName] = HandlerInvoker.AsHostString(JsonValue.Create(message.Text)!) };
                var metadata = new JsonObject
                {
                    ["DequeueCount"] = message.DequeueCount.ToString(CultureInfo.InvariantCulture),
                    ["Id"] = HandlerInvoker.AsHostString(JsonValue.Create(message.MessageId)!),
                    ["PopReceipt"] = HandlerInvoker.AsHostString(JsonValue.Create(message.PopReceipt)!),
                    ["InsertionTime"] = message.InsertionTime.ToString("O", CultureInfo.InvariantCulture),
                    ["ExpirationTime"] = message.ExpirationTime.ToString("O", CultureInfo.InvariantCulture),
                    ["NextVisibleTime"] = message.NextVisibleTime.ToString("O", CultureInfo.InvariantCulture),
                };
                if (await handler.InvokeAsync(function.Name, data, metadata, ct))
                {
                    await queue.DeleteAsync(message.MessageId, message.PopReceipt, ct);
                }
                else if (message.DequeueCount >= maxDequeue)
                {
                    logger.LogWarning("{Function}: message {Id} failed {Count} times; moved to {Poison}", function.Name, message.MessageId, message.DequeueCount, poison.Name);
                    await poison.CreateIfNotExistsAsync(ct);
                    await poison.SendAsync(message.Text, cancellationToken: ct);
                    await queue.DeleteAsync(message.MessageId, message.PopReceipt, ct);
                }
                else
                {
                    await queue.UpdateAsync(message.MessageId, message.PopReceipt, retryDelay, cancellationToken: ct);
                }
            });
    }
}
