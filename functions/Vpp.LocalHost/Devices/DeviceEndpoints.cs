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

    public static void MapDeviceEndpoints(this IEndpointRouteBuilder app, LocalEventHub eventHub, LocalDeviceHub twins, TwinChangeFeed changes, DeviceSasValidator sas, TimeProvider clock)
    {
        var devices = app.MapGroup("/devices/{deviceId}").AddEndpointFilter(async (context, next) =>
        {
            var deviceId = (string)context.HttpContext.GetRouteValue("deviceId")!;
            return sas.IsAuthorized(deviceId, context.HttpContext.Request.Headers.Authorization)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "A valid device SAS token for this device is required.");
        });

        devices.MapPost("/messages/events", async (string deviceId, HttpRequest request, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            var bodies = new List<byte[]>();
            if (request.ContentType?.StartsWith(BatchContentType, StringComparison.OrdinalIgnoreCase) == true)
            {
                try
                {
                    using var batch = JsonDocument.Parse(buffer.ToArray());
                    bodies.AddRange(batch.RootElement.EnumerateArray().Select(m => Convert.FromBase64String(m.GetProperty("body").GetString()!)));
                }
                catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed batch", detail: ex.Message);
                }
            }
            else
            {
                bodies.Add(buffer.ToArray());
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
            var patch = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject;
            if (patch is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A JSON object is required");
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
}
