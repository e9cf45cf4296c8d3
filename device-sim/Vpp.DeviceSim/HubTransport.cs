using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vpp.DeviceSim;

/// <summary>
/// Talks to the hub as each device: IoT Hub's HTTPS device API for telemetry (single message, or the
/// <c>application/vnd.microsoft.iothub.json</c> batch when a device has a backlog), and, on the local hub,
/// the twin endpoints. Every request carries the device's own SAS token.
/// </summary>
/// <remarks>
/// Telemetry and twin traffic use separate connection pools: every device holds a desired-property long-poll open,
/// as every real device holds its MQTT connection, and those must never queue telemetry behind them.
/// </remarks>
public sealed class HubTransport(HttpClient http, HttpClient twinHttp, SimulatorOptions options)
{
    private const string ApiVersion = "2021-04-12";
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> tokens = new(StringComparer.Ordinal);

    /// <summary>Sends a device's messages; retries throttling and server errors. Returns false if the hub kept refusing.</summary>
    public async Task<bool> SendTelemetryAsync(string deviceId, IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Hub, $"devices/{deviceId}/messages/events?api-version={ApiVersion}"));
            request.Headers.TryAddWithoutValidation("Authorization", Token(deviceId));
            if (messages.Count == 1)
            {
                request.Content = new ByteArrayContent(messages[0]);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
            else
            {
                var batch = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["body"] = Convert.ToBase64String(m), ["properties"] = new JsonObject() }).ToArray());
                request.Content = new StringContent(batch.ToJsonString(), Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.iothub.json");
            }

            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError))
                {
                    Console.Error.WriteLine($"{deviceId}: hub refused telemetry with {(int)response.StatusCode}");
                    return false;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }

        return false;
    }

    /// <summary>Waits for desired properties newer than <paramref name="afterVersion"/>; null when nothing changed.</summary>
    public async Task<JsonObject?> WaitForDesiredAsync(string deviceId, long afterVersion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.Hub, $"devices/{deviceId}/twin/desired?afterVersion={afterVersion}&timeoutSeconds=60"));
        request.Headers.TryAddWithoutValidation("Authorization", Token(deviceId));
        using var response = await twinHttp.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject
            : null;
    }

    public async Task ReportAsync(string deviceId, JsonObject reported, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(options.Hub, $"devices/{deviceId}/twin/reported"))
        {
            Content = new StringContent(reported.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", Token(deviceId));
        using var response = await twinHttp.SendAsync(request, cancellationToken);
    }

    private string Token(string deviceId)
    {
        var now = TimeProvider.System.GetUtcNow();
        if (tokens.TryGetValue(deviceId, out var cached) && cached.Expires > now.AddMinutes(5))
        {
            return cached.Token;
        }

        var groupKey = options.GroupKey ?? throw new InvalidOperationException("VPP_ENROLLMENT_GROUP_KEY is not set.");
        var deviceKey = HMACSHA256.HashData(Convert.FromBase64String(groupKey), Encoding.UTF8.GetBytes(deviceId));
        var expires = now.AddHours(1);
        var resource = Uri.EscapeDataString($"{options.HubName}/devices/{deviceId}".ToLowerInvariant()).ToLowerInvariant();
        var se = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Convert.ToBase64String(HMACSHA256.HashData(deviceKey, Encoding.UTF8.GetBytes(resource + "\n" + se)));
        var token = $"SharedAccessSignature sr={resource}&sig={Uri.EscapeDataString(sig)}&se={se}";
        tokens[deviceId] = (token, expires);
        return token;
    }

    public static byte[] Serialize(long sequence, DateTimeOffset timestamp, int intervalSeconds, string deviceType, Physics.Reading r)
    {
        using var stream = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 1);
            json.WriteNumber("sequence", sequence);
            json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("intervalSeconds", intervalSeconds);
            json.WriteString("deviceType", deviceType);
            json.WriteNumber("powerKw", r.PowerKw);
            WriteOptional(json, "solarKw", r.SolarKw);
            WriteOptional(json, "siteNetKw", r.SiteNetKw);
            WriteOptional(json, "stateOfChargePct", r.StateOfChargePct);
            if (r.Plugged is { } plugged)
            {
                json.WriteBoolean("plugged", plugged);
            }

            WriteOptional(json, "sessionEnergyKwh", r.SessionEnergyKwh);
            WriteOptional(json, "tankTemperatureC", r.TankTemperatureC);
            WriteOptional(json, "indoorTemperatureC", r.IndoorTemperatureC);
            WriteOptional(json, "setpointC", r.SetpointC);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }
}
