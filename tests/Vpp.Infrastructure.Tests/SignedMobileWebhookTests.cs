using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using Vpp.Application.Dispatch;
using Vpp.Infrastructure.Notifications;
using Vpp.LocalHost.Azurite;

namespace Vpp.Infrastructure.Tests;

/// <summary>The mobile backend's webhook over real HTTP: a receiver verifies each delivery with the Standard Webhooks library.</summary>
public sealed class SignedMobileWebhookTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly ConcurrentQueue<(string? Id, JsonElement Body, bool Verified)> received = new();
    private readonly HttpClient http = new();
    private WebApplication? backend;
    private Uri url = null!;
    private HttpStatusCode answer = HttpStatusCode.NoContent;

    private static CustomerNotification Notification() => new("ev-20260715T0005-2d353ca73", "ev-run", "c1",
        new DateTimeOffset(2026, 7, 15, 0, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 15, 0, 25, 0, TimeSpan.Zero), "Please save power", ["b1", "b2"], DateTimeOffset.UnixEpoch);

    public async Task InitializeAsync()
    {
        var port = AzuriteProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        backend = builder.Build();
        backend.MapPost("/notify", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            bool verified;
            try
            {
                new StandardWebhook(Secret).Verify(body, context.Request.Headers);
                verified = true;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
            {
                verified = false;
            }

            received.Enqueue((context.Request.Headers["webhook-id"], JsonDocument.Parse(body).RootElement.Clone(), verified));
            return Results.StatusCode((int)answer);
        });
        await backend.StartAsync();
        url = new Uri($"http://127.0.0.1:{port}/notify");
    }

    public async Task DisposeAsync()
    {
        if (backend is not null)
        {
            await backend.DisposeAsync();
        }

        http.Dispose();
    }

    [Fact]
    public async Task A_notification_arrives_signed_and_keyed_by_event_and_customer()
    {
        await new SignedMobileWebhook(http, url, new StandardWebhook(Secret), TimeProvider.System).DeliverAsync(Notification(), CancellationToken.None);

        var (id, body, verified) = Assert.Single(received);
        Assert.True(verified);
        Assert.Equal("ev-20260715T0005-2d353ca73/c1", id);
        Assert.Equal("c1", body.GetProperty("customerId").GetString());
        Assert.Equal(["b1", "b2"], body.GetProperty("deviceIds").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("notice", body.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_change_arrives_keyed_by_what_changed_and_when()
    {
        var releasedAt = new DateTimeOffset(2026, 7, 15, 0, 12, 0, TimeSpan.Zero);
        var released = Notification() with { Kind = CustomerNotificationKind.ReleasedEarly, ChangedUtc = releasedAt, DeviceIds = ["b2"] };

        await new SignedMobileWebhook(http, url, new StandardWebhook(Secret), TimeProvider.System).DeliverAsync(released, CancellationToken.None);

        var (id, body, verified) = Assert.Single(received);
        Assert.True(verified);
        Assert.Equal("ev-20260715T0005-2d353ca73/c1/released-early/20260715T001200Z", id);
        Assert.Equal("released-early", body.GetProperty("kind").GetString());
        Assert.Equal(releasedAt, body.GetProperty("changedUtc").GetDateTimeOffset());
        Assert.Equal(["b2"], body.GetProperty("deviceIds").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task A_receiver_with_another_secret_refuses_it()
    {
        await new SignedMobileWebhook(http, url, new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[24])), TimeProvider.System).DeliverAsync(Notification(), CancellationToken.None);

        Assert.False(Assert.Single(received).Verified);
    }

    [Fact]
    public async Task A_backend_that_fails_fails_the_delivery_so_it_is_retried()
    {
        answer = HttpStatusCode.ServiceUnavailable;

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            new SignedMobileWebhook(http, url, new StandardWebhook(Secret), TimeProvider.System).DeliverAsync(Notification(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
    }
}
