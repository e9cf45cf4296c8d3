using System.Text;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tests;

public sealed class QueueAndBlobClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<QueueClient> NewQueueAsync()
    {
        var queue = azurite.Account.Queue(AzuriteFixture.UniqueName("q"));
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task A_received_message_stays_hidden_for_its_visibility_timeout_and_counts_dequeues()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("step <1> & \"more\"");

        var first = Assert.Single(await queue.ReceiveAsync(visibilityTimeout: TimeSpan.FromSeconds(1)));
        var hidden = await queue.ReceiveAsync();
        var again = await WaitForMessageAsync(queue);

        Assert.Equal("step <1> & \"more\"", first.Text);
        Assert.Equal(1, first.DequeueCount);
        Assert.Empty(hidden);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task A_delayed_message_is_invisible_until_its_delay_passes()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("later", visibilityDelay: TimeSpan.FromSeconds(1), timeToLive: TimeSpan.FromMinutes(5));

        Assert.Empty(await queue.ReceiveAsync());
        var message = await WaitForMessageAsync(queue);

        Assert.Equal("later", message.Text);
        Assert.True(message.ExpirationTime - message.InsertionTime <= TimeSpan.FromMinutes(5.1));
    }

    [Fact]
    public async Task Deleted_messages_are_gone_and_updates_change_text_and_pop_receipt()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("a");
        await queue.SendAsync("b");
        var received = await queue.ReceiveAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(30));
        var a = received.Single(m => m.Text == "a");
        var b = received.Single(m => m.Text == "b");

        await queue.DeleteAsync(a.MessageId, a.PopReceipt);
        var newReceipt = await queue.UpdateAsync(b.MessageId, b.PopReceipt, TimeSpan.Zero, "b2");
        var redelivered = await WaitForMessageAsync(queue);

        Assert.NotEqual(b.PopReceipt, newReceipt);
        Assert.Equal("b2", redelivered.Text);
        Assert.Equal(b.MessageId, redelivered.MessageId);
        await Assert.ThrowsAsync<StorageException>(() => queue.DeleteAsync(b.MessageId, b.PopReceipt));
    }

    [Fact]
    public async Task Blobs_upload_download_and_list_by_prefix()
    {
        var container = azurite.Account.Container(AzuriteFixture.UniqueName("c"));
        await container.CreateIfNotExistsAsync();
        await container.CreateIfNotExistsAsync();
        await container.UploadAsync("deadletter/2026/11/21/a b.json", Encoding.UTF8.GetBytes("{\"a\":1}"), "application/json");
        await container.UploadAsync("deadletter/2026/11/22/c.json", Encoding.UTF8.GetBytes("{}"), "application/json");
        await container.UploadAsync("exports/x.csv", Encoding.UTF8.GetBytes("a,b"), "text/csv");

        var listed = await container.ListAsync("deadletter/2026/11/", pageSize: 1);
        var content = await container.DownloadAsync("deadletter/2026/11/21/a b.json");

        Assert.Equal(["deadletter/2026/11/21/a b.json", "deadletter/2026/11/22/c.json"], listed);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(content!));
        Assert.Null(await container.DownloadAsync("missing"));
    }

    [Fact]
    public async Task A_deleted_blob_is_gone_and_deleting_it_again_says_so()
    {
        var container = azurite.Account.Container(AzuriteFixture.UniqueName("c"));
        await container.CreateIfNotExistsAsync();
        await container.UploadAsync("plans/v1/0.json", Encoding.UTF8.GetBytes("[]"), "application/json");
        await container.UploadAsync("plans/v2/0.json", Encoding.UTF8.GetBytes("[]"), "application/json");

        var deleted = await container.DeleteIfExistsAsync("plans/v1/0.json");
        var again = await container.DeleteIfExistsAsync("plans/v1/0.json");

        Assert.True(deleted);
        Assert.False(again);
        Assert.Null(await container.DownloadAsync("plans/v1/0.json"));
        Assert.Equal(["plans/v2/0.json"], await container.ListAsync("plans/"));
    }

    [Fact]
    public async Task Errors_carry_the_service_error_code()
    {
        var queue = azurite.Account.Queue(AzuriteFixture.UniqueName("q"));

        var error = await Assert.ThrowsAsync<StorageException>(() => queue.SendAsync("x"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    private static async Task<QueueMessage> WaitForMessageAsync(QueueClient queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var messages = await queue.ReceiveAsync(cancellationToken: timeout.Token);
            if (messages.Count > 0)
            {
                return messages[0];
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
