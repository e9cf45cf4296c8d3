using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Infrastructure.DeviceHub;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Devices;

/// <summary>
/// The device-facing side of the local hub, at IoT Hub's HTTPS path shapes: telemetry (single, or the
/// <c>application/vnd.microsoft.iothub.json</c> batch), twin read, reported-property patch, and a long-poll for
/// desired-property changes (IoT Hub does that over MQTT; see README). Every call needs the device's SAS token.
/// </summary>
public static class DeviceEndpoints
{
    private const string BatchContentType = "application/vnd.microsoft.iothub.json";

    /// <summary>IoT Hub's limit on a device-to-cloud send (a message, or a batch of them), 256 KB.</summary>
    public const int MaxSendBytes = 256 * 1024;

    public static void MapDeviceEndpoints(this IEndpointRouteBuilder app, LocalEventHub eventHub, LocalDeviceHub twins, TwinChangeFeed changes, DeviceSasValidator sas, TimeProvider clock)
    {
        var devices = app.MapGroup("/devices/{deviceId}").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var deviceId = (string)context.HttpContext.GetRouteValue("deviceId")!;
            return sas.IsAuthorized(deviceId, context.HttpContext.Request.Headers.Authorization)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "A valid device SAS token for this device is required.");
        });

        devices.MapPost("/messages/events", async (string deviceId, HttpRequest request, CancellationToken ct) =>
        {
            if (await ReadCappedAsync(request, ct) is not { } content)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Message too large",
                    detail: $"a device-to-cloud send is at most {MaxSendBytes / 1024} KB, as IoT Hub's is");
            }

            var bodies = new List<byte[]>();
            if (request.ContentType?.StartsWith(BatchContentType, StringComparison.OrdinalIgnoreCase) == true)
            {
                if (ReadBatch(content, bodies) is { } error)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] }, title: "Malformed batch");
                }
            }
            else
            {
                bodies.Add(content);
            }

            // Throttled: IoT Hub answers 429 and the device retries the whole send; nothing of it was accepted.
            return eventHub.TryPublish(deviceId, bodies, clock.GetUtcNow())
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Throttled", detail: "the hub is busy; retry the send");
        });

        devices.MapGet("/twin", async (string deviceId, CancellationToken ct) =>
            await twins.GetTwinAsync(deviceId, ct) is { } twin
                ? Results.Json(new { properties = new { desired = twin.Desired, reported = twin.Reported } })
                : Results.NotFound());

        devices.MapPatch("/twin/reported", async (string deviceId, HttpRequest request, CancellationToken ct) =>
        {
            JsonObject? patch;
            try
            {
                patch = await ReadCappedAsync(request, ct) is { } content ? JsonNode.Parse(content) as JsonObject : null;
            }
            catch (JsonException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["reported"] = [$"not JSON: {ex.Message}"] }, title: "Malformed reported properties");
            }

            if (patch is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["reported"] = [$"a JSON object of at most {MaxSendBytes / 1024} KB is required"] });
            }

            var twin = await twins.PatchReportedAsync(deviceId, patch, ct);
            return Results.Json(new { version = twin.Reported["$version"]?.GetValue<long>() });
        });

        devices.MapGet("/twin/desired", async (string deviceId, long? afterVersion, int? timeoutSeconds, CancellationToken ct) =>
        {
            var after = afterVersion ?? -1;
            var wait = changes.WaitAsync(deviceId);
            if (changes.KnownDesiredVersion(deviceId) is not { } known || known > after)
            {
                var twin = await twins.GetTwinAsync(deviceId, ct);
                if (twin is null)
                {
                    return Results.NotFound();
                }

                changes.Remember(deviceId, Version(twin.Desired));
                if (Version(twin.Desired) > after)
                {
                    return Results.Json(twin.Desired);
                }
            }

            // Nothing newer: hold the request until a desired patch arrives or the poll times out.
            var signalled = await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(Math.Clamp(timeoutSeconds ?? 30, 1, 120)), ct)) == wait;
            if (!signalled)
            {
                return Results.NoContent();
            }

            var changed = await twins.GetTwinAsync(deviceId, ct);
            return changed is not null && Version(changed.Desired) > after ? Results.Json(changed.Desired) : Results.NoContent();
        });
    }

    private static long Version(JsonObject properties) => properties["$version"]?.GetValue<long>() ?? 0;

    /// <summary>The request's body, or null when it is over <see cref="MaxSendBytes"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxSendBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxSendBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>IoT Hub's HTTPS batch: a JSON array of objects whose <c>body</c> is the message, base64; or what is wrong, by field.</summary>
    private static (string Field, string Message)? ReadBatch(byte[] content, List<byte[]> bodies)
    {
        try
        {
            using var batch = JsonDocument.Parse(content);
            if (batch.RootElement.ValueKind != JsonValueKind.Array)
            {
                return ("batch", "a JSON array of messages");
            }

            var index = 0;
            foreach (var message in batch.RootElement.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.String
                    || !body.TryGetBytesFromBase64(out var bytes))
                {
                    return ($"[{index}].body", "the message, base64");
                }

                bodies.Add(bytes);
                index++;
            }

            return null;
        }
        catch (JsonException ex)
        {
            return ("batch", $"not JSON: {ex.Message}");
        }
    }
}
