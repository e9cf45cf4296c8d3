using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Vpp.Application.Devices;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>
/// IoT Hub's service REST API (api-version 2021-04-12): registry, twins, twin queries and scheduled twin-update jobs,
/// authorised with a SAS token from a service connection string, or with an Entra ID token for the hub's data plane
/// (the identity needs an "IoT Hub Data Contributor" role assignment). Twin updates keep to the hub's throttle
/// (<see cref="IotHubThrottle"/>).
/// </summary>
public sealed class IotHubDeviceHub : IDeviceHub
{
    private static readonly Azure.Core.TokenRequestContext EntraScope = new(["https://iothubs.azure.net/.default"]);
    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly Uri baseUri;
    private readonly Func<CancellationToken, ValueTask<string>> authorization;
    private readonly IotHubThrottle throttle;

    /// <summary>Authorises every call with a SAS token signed by the connection string's shared access policy.</summary>
    public IotHubDeviceHub(HttpClient http, IotHubConnection connection, TimeProvider clock, Uri? endpoint = null, IotHubThrottle? throttle = null)
    {
        this.http = http;
        this.throttle = throttle ?? new IotHubThrottle(IotHubThrottle.DefaultTwinUpdatesPerSecond);
        this.clock = clock;
        baseUri = endpoint ?? new Uri($"https://{connection.HostName}");
        authorization = _ => ValueTask.FromResult(connection.CreateSasToken(clock.GetUtcNow(), TokenLifetime));
    }

    /// <summary>Authorises every call with an Entra ID bearer token (managed identity, workload identity, developer sign-in).</summary>
    public IotHubDeviceHub(HttpClient http, string hostName, Azure.Core.TokenCredential credential, TimeProvider clock, Uri? endpoint = null, IotHubThrottle? throttle = null)
    {
        this.http = http;
        this.throttle = throttle ?? new IotHubThrottle(IotHubThrottle.DefaultTwinUpdatesPerSecond);
        this.clock = clock;
        baseUri = endpoint ?? new Uri($"https://{hostName}");
        authorization = async ct => "Bearer " + (await credential.GetTokenAsync(EntraScope, ct)).Token;
    }

    public const string ApiVersion = "2021-04-12";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);
    private const int MaxThrottledAttempts = 10;

    public async Task RegisterAsync(string deviceId, JsonObject tags, CancellationToken cancellationToken)
    {
        var identity = new JsonObject
        {
            ["deviceId"] = deviceId,
            ["status"] = "enabled",
            ["authentication"] = new JsonObject { ["type"] = "sas", ["symmetricKey"] = new JsonObject { ["primaryKey"] = null, ["secondaryKey"] = null } },
            ["capabilities"] = new JsonObject { ["iotEdge"] = false },
        };
        using (var create = await SendAsync(HttpMethod.Put, $"/devices/{Uri.EscapeDataString(deviceId)}", identity, null, cancellationToken))
        {
            // 409 DeviceAlreadyExists: registration is idempotent.
            if (create.StatusCode != HttpStatusCode.Conflict)
            {
                await EnsureSuccessAsync(create, cancellationToken);
            }
        }

        using var patch = await UpdateTwinAsync(deviceId, new JsonObject { ["tags"] = tags.DeepClone() }, "*", cancellationToken);
        await EnsureSuccessAsync(patch, cancellationToken);
    }

    public async Task<DeviceTwin?> GetTwinAsync(string deviceId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/twins/{Uri.EscapeDataString(deviceId)}", null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return ToTwin((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!);
    }

    public async Task<DeviceTwin> PatchDesiredAsync(string deviceId, JsonObject patch, string? etag, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["properties"] = new JsonObject { ["desired"] = patch.DeepClone() } };
        using var response = await UpdateTwinAsync(deviceId, body, etag ?? "*", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return ToTwin((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!);
    }

    public async IAsyncEnumerable<DeviceTwin> QueryByProgramAsync(string programId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var query = new JsonObject { ["query"] = $"SELECT * FROM devices WHERE tags.programId = '{programId.Replace("'", "''", StringComparison.Ordinal)}'" };
            using var response = await SendAsync(HttpMethod.Post, "/devices/query", query, null, cancellationToken, request =>
            {
                request.Headers.TryAddWithoutValidation("x-ms-max-item-count", "1000");
                if (continuation is not null)
                {
                    request.Headers.TryAddWithoutValidation("x-ms-continuation", continuation);
                }
            });
            await EnsureSuccessAsync(response, cancellationToken);
            continuation = response.Headers.TryGetValues("x-ms-continuation", out var values) ? values.FirstOrDefault() : null;
            var page = (await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken))!;
            foreach (var twin in page.OfType<JsonObject>())
            {
                yield return ToTwin(twin);
            }
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    public async Task<string> ScheduleDesiredUpdateAsync(string jobId, string programId, JsonObject patch, CancellationToken cancellationToken)
    {
        var job = new JsonObject
        {
            ["jobId"] = jobId,
            ["type"] = "scheduleUpdateTwin",
            ["queryCondition"] = $"tags.programId = '{programId.Replace("'", "''", StringComparison.Ordinal)}'",
            ["startTime"] = clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["maxExecutionTimeInSeconds"] = 3600,
            ["updateTwin"] = new JsonObject { ["etag"] = "*", ["properties"] = new JsonObject { ["desired"] = patch.DeepClone() } },
        };
        using var response = await SendAsync(HttpMethod.Put, $"/jobs/v2/{Uri.EscapeDataString(jobId)}", job, null, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // The job id is the push's idempotency key: the hub holds this push already (a retried run).
            return jobId;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return jobId;
    }

    /// <summary>A twin update in its turn under the throttle; a 429 is waited out (Retry-After, else a second) and retried.</summary>
    private async Task<HttpResponseMessage> UpdateTwinAsync(string deviceId, JsonObject body, string ifMatch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await throttle.TwinUpdateAsync(cancellationToken);
            var response = await SendAsync(HttpMethod.Patch, $"/twins/{Uri.EscapeDataString(deviceId)}", body, ifMatch, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == MaxThrottledAttempts)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, JsonObject? body, string? ifMatch, CancellationToken cancellationToken, Action<HttpRequestMessage>? customize = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUri, $"{path}?api-version={ApiVersion}"));
        request.Headers.TryAddWithoutValidation("Authorization", await authorization(cancellationToken));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch == "*" ? "*" : $"\"{ifMatch.Trim('"')}\"");
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        customize?.Invoke(request);
        return await http.SendAsync(request, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new IotHubException(response.StatusCode, detail);
        }
    }

    private static DeviceTwin ToTwin(JsonObject twin)
    {
        var properties = twin["properties"] as JsonObject;
        return new DeviceTwin(
            twin["deviceId"]!.GetValue<string>(),
            twin["etag"]?.GetValue<string>(),
            twin["version"]?.GetValue<long>() ?? 0,
            (JsonObject?)twin["tags"]?.DeepClone() ?? [],
            (JsonObject?)properties?["desired"]?.DeepClone() ?? [],
            (JsonObject?)properties?["reported"]?.DeepClone() ?? []);
    }
}
