using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Telemetry;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Telemetry;

/// <summary>
/// TelemetryIngest: Event Hub trigger (IoT Hub's built-in endpoint), cardinality many. A storage failure returns
/// 500 so the host retries the whole batch (retry policy in function.json); replays are safe.
/// </summary>
public static class TelemetryIngestFunction
{
    public const string Name = "TelemetryIngest";
    public const string BindingName = "events";

    public static IEndpointRouteBuilder MapTelemetryIngest(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + Name, async (HttpRequest request, TelemetryIngestion ingestion, TimeProvider clock, CancellationToken ct) =>
        {
            using var payload = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            IReadOnlyList<TelemetryEvent> events;
            try
            {
                events = InvocationPayload.ReadEventHubBatch(payload.RootElement, BindingName, clock.GetUtcNow());
            }
            catch (FormatException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable Event Hubs payload", detail: ex.Message);
            }

            var report = await ingestion.IngestAsync(events, ct);
            var reasons = string.Join(", ", report.DeadLettered.Select(r => $"{r.Key}={r.Value}"));
            return InvocationResult.WithLogs(
                $"received={report.Received} counted={report.Counted} duplicates={report.Duplicates} counterResets={report.CounterResets} deadLettered={report.DeadLetteredTotal} {reasons}".TrimEnd());
        })
        .RequireAuthorization(Policies.FunctionsHost)
        .ExcludeFromDescription();
        return app;
    }
}
