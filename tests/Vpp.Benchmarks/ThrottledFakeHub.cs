using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vpp.LocalHost.Azurite;

namespace Vpp.Benchmarks;

/// <summary>
/// An IoT Hub stand-in for twins that enforces an S3 hub's throttle on twin updates (250 a second per unit, one second's
/// worth in hand) by answering 429 with <c>Retry-After</c> beyond it, as the hub does, and keeps every dispatch command id
/// each twin was sent, so a benchmark counts commands and duplicates.
/// </summary>
public sealed class ThrottledFakeHub : IAsyncDisposable
{
    public const double S3TwinUpdatesPerSecondPerUnit = 250;

    private readonly WebApplication app;
    private readonly TokenBucketRateLimiter throttle;
    private readonly ConcurrentDictionary<string, JsonObject> desired = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> commandIds = new();
    private long throttled;

    private ThrottledFakeHub(WebApplication app, TokenBucketRateLimiter throttle, Uri endpoint)
    {
        this.app = app;
        this.throttle = throttle;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public long Throttled => Interlocked.Read(ref throttled);

    /// <summary>Each device's command ids, in no order.</summary>
    public IReadOnlyDictionary<string, ConcurrentBag<string>> CommandIds => commandIds;

    public static async Task<ThrottledFakeHub> StartAsync(double twinUpdatesPerSecond)
    {
        var port = AzuriteProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var perRefill = Math.Max(1, (int)(twinUpdatesPerSecond / 20));
        var throttle = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = (int)twinUpdatesPerSecond,
            TokensPerPeriod = perRefill,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perRefill / twinUpdatesPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        var hub = new ThrottledFakeHub(app, throttle, new Uri($"http://127.0.0.1:{port}"));
        app.MapMethods("/twins/{deviceId}", ["PATCH"], hub.PatchAsync);
        app.MapGet("/twins/{deviceId}", (string deviceId) => Results.Json(hub.Twin(deviceId)));
        await app.StartAsync();
        return hub;
    }

    private async Task<IResult> PatchAsync(string deviceId, HttpContext context)
    {
        using var lease = throttle.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            Interlocked.Increment(ref throttled);
            context.Response.Headers.RetryAfter = "1";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var patch = (await JsonNode.ParseAsync(context.Request.Body))?["properties"]?["desired"] as JsonObject ?? [];
        if (patch["dispatchEvent"]?["commandId"]?.GetValue<string>() is { } commandId)
        {
            commandIds.GetOrAdd(deviceId, _ => []).Add(commandId);
        }

        desired.AddOrUpdate(deviceId, _ => (JsonObject)patch.DeepClone(), (_, old) =>
        {
            lock (old)
            {
                foreach (var (name, value) in patch)
                {
                    old[name] = value?.DeepClone();
                }

                return old;
            }
        });
        return Results.Json(Twin(deviceId));
    }

    private JsonObject Twin(string deviceId)
    {
        var properties = desired.TryGetValue(deviceId, out var d) ? (JsonObject)d.DeepClone() : [];
        return new JsonObject { ["deviceId"] = deviceId, ["etag"] = "AAAAAAAAAAE=", ["version"] = 1, ["properties"] = new JsonObject { ["desired"] = properties, ["reported"] = new JsonObject() } };
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        throttle.Dispose();
    }
}
