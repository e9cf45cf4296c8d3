using System.Text.Json;
using Vpp.Application.Telemetry;
using Vpp.Ingestion.Hosting;

namespace Vpp.Ingestion;

/// <summary>
/// TelemetryIngest: Event Hub trigger (IoT Hub's built-in endpoint), cardinality many, as the Functions host calls a
/// custom handler: POST /TelemetryIngest with the batch. A storage failure returns 500 so the host retries the whole
/// batch (retry policy in function.json); replays are safe.
/// </summary>
public static class TelemetryIngestEndpoint
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
        .AddEndpointFilter<FunctionsHostOnly>();
        return app;
    }
}
