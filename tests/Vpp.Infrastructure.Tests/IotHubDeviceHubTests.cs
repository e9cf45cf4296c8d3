using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Vpp.Application.Tests;
using Vpp.Infrastructure.DeviceHub;
using Vpp.LocalHost.Azurite;

namespace Vpp.Infrastructure.Tests;

/// <summary>The IoT Hub adapter against a fake hub that checks every request against the official service swagger.</summary>
public sealed class IotHubDeviceHubTests : IAsyncLifetime
{
    private const string Key = "c2VydmljZS1rZXktZm9yLXRlc3RzLW9ubHktMDEyMzQ1Njc4OQ==";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly IotHubSpecification spec = IotHubSpecification.Load();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly HttpClient http = new();
    private WebApplication? fake;
    private int busyRefusals;
    private IotHubDeviceHub hub = null!;
    private string fakeBase = null!;

    private sealed record RecordedRequest(string Method, string Path, string? OperationId, IReadOnlyList<string> Violations, string? Authorization, string? IfMatch, JsonObject? Body);

    public async Task InitializeAsync()
    {
        var port = AzuriteProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        fake = builder.Build();
        fake.Run(Respond);
        await fake.StartAsync();
        fakeBase = $"http://127.0.0.1:{port}";
        hub = new IotHubDeviceHub(http, IotHubConnection.Parse($"HostName=vpp-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey={Key}"), new FakeTimeProvider(Now), new Uri(fakeBase));
    }

    public async Task DisposeAsync()
    {
        if (fake is not null)
        {
            await fake.DisposeAsync();
        }

        http.Dispose();
    }

    private async Task Respond(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var (operationId, violations) = spec.Check(context.Request.Method, context.Request.Path, query, context.Request.Headers.Keys, body);
        requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, operationId, violations, context.Request.Headers.Authorization, context.Request.Headers.IfMatch,
            string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body) as JsonObject));
        if (violations.Count > 0)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(string.Join("; ", violations));
            return;
        }

        var twin = new JsonObject
        {
            ["deviceId"] = context.Request.Path.Value!.Split('/').Last(),
            ["etag"] = "AAAAAAAAAAE=",
            ["version"] = 3,
            ["tags"] = new JsonObject { ["programId"] = "demo" },
            ["properties"] = new JsonObject { ["desired"] = new JsonObject { ["mode"] = "shed", ["$version"] = 2 }, ["reported"] = new JsonObject { ["$version"] = 5 } },
        };
        switch (operationId)
        {
            case "Devices_UpdateTwin" when context.Request.Path.Value!.EndsWith("/busy", StringComparison.Ordinal) && Interlocked.Increment(ref busyRefusals) <= 2:
                // The hub's throttle: try again after the time it names.
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                return;
            case "Devices_GetTwin" when context.Request.Path.Value!.EndsWith("/missing", StringComparison.Ordinal):
                context.Response.StatusCode = 404;
                return;
            case "Devices_CreateOrUpdateIdentity" when context.Request.Path.Value!.EndsWith("/existing", StringComparison.Ordinal):
                context.Response.StatusCode = 409;
                await context.Response.WriteAsync("{\"Message\":\"ErrorCode:DeviceAlreadyExists\"}");
                return;
            case "Jobs_CreateScheduledJob" when context.Request.Path.Value!.EndsWith("/already-scheduled", StringComparison.Ordinal):
                context.Response.StatusCode = 409;
                await context.Response.WriteAsync("{\"Message\":\"ErrorCode:JobAlreadyExists\"}");
                return;
            case "Devices_GetTwin" or "Devices_UpdateTwin":
                await context.Response.WriteAsJsonAsync(twin);
                return;
            case "Devices_CreateOrUpdateIdentity":
                await context.Response.WriteAsJsonAsync(new JsonObject { ["deviceId"] = twin["deviceId"]!.GetValue<string>() });
                return;
            case "Devices_GetDevicesFromQuery" or "Query_GetTwins":
                var page = context.Request.Headers["x-ms-continuation"].ToString();
                if (page.Length == 0)
                {
                    context.Response.Headers["x-ms-continuation"] = "page-2";
                }

                await context.Response.WriteAsJsonAsync(new JsonArray(twin.DeepClone()));
                return;
            default:
                await context.Response.WriteAsJsonAsync(new JsonObject { ["jobId"] = "job", ["status"] = "queued" });
                return;
        }
    }

    [Fact]
    public async Task Registration_creates_the_identity_and_sets_tags_and_tolerates_an_existing_device()
    {
        await hub.RegisterAsync("dev-1", new JsonObject { ["programId"] = "demo", ["deviceType"] = "battery" }, CancellationToken.None);
        await hub.RegisterAsync("existing", new JsonObject { ["programId"] = "demo" }, CancellationToken.None);

        Assert.All(requests, r => Assert.Empty(r.Violations));
        Assert.Equal(
            ["Devices_CreateOrUpdateIdentity", "Devices_UpdateTwin", "Devices_CreateOrUpdateIdentity", "Devices_UpdateTwin"],
            requests.Select(r => r.OperationId));
        var patch = requests.ElementAt(1);
        Assert.Equal("demo", patch.Body!["tags"]!["programId"]!.GetValue<string>());
        Assert.Equal("*", patch.IfMatch);
    }

    [Fact]
    public async Task Twins_are_read_and_desired_patches_carry_the_etag()
    {
        var twin = await hub.GetTwinAsync("dev-1", CancellationToken.None);
        var missing = await hub.GetTwinAsync("missing", CancellationToken.None);
        await hub.PatchDesiredAsync("dev-1", new JsonObject { ["mode"] = "shed" }, "AAAAAAAAAAE=", CancellationToken.None);

        Assert.Null(missing);
        Assert.Equal("shed", twin!.Desired["mode"]!.GetValue<string>());
        Assert.Equal("demo", twin.Tags["programId"]!.GetValue<string>());
        var patch = requests.Last();
        Assert.Equal("Devices_UpdateTwin", patch.OperationId);
        Assert.Equal("\"AAAAAAAAAAE=\"", patch.IfMatch);
        Assert.Equal("shed", patch.Body!["properties"]!["desired"]!["mode"]!.GetValue<string>());
        Assert.All(requests, r => Assert.Empty(r.Violations));
    }

    [Fact]
    public async Task A_twin_update_the_hub_throttles_is_retried_after_the_time_it_names()
    {
        var twin = await hub.PatchDesiredAsync("busy", new JsonObject { ["mode"] = "shed" }, null, CancellationToken.None);

        Assert.Equal("busy", twin.DeviceId);
        Assert.Equal(3, requests.Count(r => r.OperationId == "Devices_UpdateTwin"));
        Assert.All(requests, r => Assert.Empty(r.Violations));
    }

    [Fact]
    public async Task Twin_queries_follow_continuation_tokens()
    {
        var twins = new List<string>();
        await foreach (var twin in hub.QueryByProgramAsync("demo", CancellationToken.None))
        {
            twins.Add(twin.DeviceId);
        }

        Assert.Equal(2, twins.Count);
        Assert.All(requests, r => Assert.Empty(r.Violations));
        Assert.Contains("tags.programId = 'demo'", requests.First().Body!["query"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_updates_are_scheduled_twin_update_jobs_with_a_valid_job_request()
    {
        await hub.ScheduleDesiredUpdateAsync("dispatch-42", "demo", new JsonObject { ["mode"] = "shed" }, CancellationToken.None);

        var job = Assert.Single(requests);
        Assert.Empty(job.Violations);
        Assert.Equal("Jobs_CreateScheduledJob", job.OperationId);
        Assert.Equal("scheduleUpdateTwin", job.Body!["type"]!.GetValue<string>());
        Assert.Equal("tags.programId = 'demo'", job.Body["queryCondition"]!.GetValue<string>());
        var twinFields = spec.DefinitionProperties("Twin");
        Assert.All(job.Body["updateTwin"]!.AsObject(), p => Assert.Contains(p.Key, twinFields));
    }

    [Fact]
    public async Task A_job_id_the_hub_already_holds_is_the_same_push_sent_again_not_an_error()
    {
        var jobId = await hub.ScheduleDesiredUpdateAsync("already-scheduled", "demo", new JsonObject { ["mode"] = "shed" }, CancellationToken.None);

        Assert.Equal("already-scheduled", jobId);
        Assert.Equal("Jobs_CreateScheduledJob", Assert.Single(requests).OperationId);
    }

    [Fact]
    public async Task Every_request_carries_a_service_sas_token_that_verifies_with_the_policy_key()
    {
        await hub.GetTwinAsync("dev-1", CancellationToken.None);

        var token = requests.Single().Authorization!;
        Assert.StartsWith("SharedAccessSignature ", token, StringComparison.Ordinal);
        var fields = token["SharedAccessSignature ".Length..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("vpp-hub.azure-devices.net", fields["sr"]);
        Assert.Equal("service", fields["skn"]);
        Assert.Equal((Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), fields["se"]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(fields["sr"] + "\n" + fields["se"])));
        Assert.Equal(expected, Uri.UnescapeDataString(fields["sig"]));
    }

    [Fact]
    public async Task With_entra_id_every_request_carries_a_bearer_token_for_the_iot_hub_data_plane()
    {
        var entraHub = new IotHubDeviceHub(http, "vpp-hub.azure-devices.net", new ScopeEchoCredential(), new FakeTimeProvider(Now), new Uri(fakeBase));

        await entraHub.GetTwinAsync("dev-1", CancellationToken.None);

        Assert.Equal("Bearer token-for-https://iothubs.azure.net/.default", requests.Single().Authorization);
        Assert.Empty(requests.Single().Violations);
    }

    private sealed class ScopeEchoCredential : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token-for-" + requestContext.Scopes[0], DateTimeOffset.MaxValue);

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    [Fact]
    public void The_sas_token_matches_the_documented_example_shape_for_a_device_resource()
    {
        var token = IotHubConnection.CreateSasToken("myHub.azure-devices.net/devices/device1", Key, null, Now, TimeSpan.FromHours(1));

        Assert.StartsWith("SharedAccessSignature sr=myhub.azure-devices.net%2fdevices%2fdevice1&sig=", token, StringComparison.Ordinal);
        Assert.DoesNotContain("skn=", token, StringComparison.Ordinal);
    }
}
