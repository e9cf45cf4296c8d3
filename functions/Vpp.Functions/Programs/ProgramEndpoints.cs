using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Programs;
using Vpp.Functions.Security;
using Vpp.Infrastructure.Pricing;

namespace Vpp.Functions.Programs;

public static class ProgramEndpoints
{
    public sealed record ProgramRequest(
        string? ProgramId, string? Name, string? TimeZone, int? TelemetryIntervalSeconds, bool? AutonomousScheduling, string? DayAheadLocalTime, string? Objective, JsonElement? Tariff);

    public static IEndpointRouteBuilder MapProgramApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/programs/{programId}", async (string programId, HttpRequest request, IProgramStore programs, CancellationToken ct) =>
            {
                var (body, problem) = await RequestBody.ReadAsync<ProgramRequest>(request, ct);
                if (problem is not null)
                {
                    return problem;
                }

                TimeOnly? dayAheadAt = null;
                if (body!.DayAheadLocalTime is { } text)
                {
                    if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    {
                        return Problems.Validation("dayAheadLocalTime", "a local time of day as HH:mm");
                    }

                    dayAheadAt = parsed;
                }

                ProgramTariff? tariff = null;
                if (body.Tariff is { ValueKind: not JsonValueKind.Null } given)
                {
                    var document = given.GetRawText();
                    try
                    {
                        tariff = new ProgramTariff(TariffJson.Parse(document), document);
                    }
                    catch (FormatException ex)
                    {
                        return Problems.Validation("tariff", ex.Message);
                    }
                }

                var program = new VppProgram(programId, body.Name ?? string.Empty, body.TimeZone ?? string.Empty, body.TelemetryIntervalSeconds ?? 60, body.AutonomousScheduling ?? false, dayAheadAt,
                    body.Objective ?? ProgramObjectives.PeakShaving, tariff);
                var errors = program.Validate();
                if (errors.Count > 0)
                {
                    return Problems.Validation(errors);
                }

                var existed = await programs.FindAsync(programId, ct) is not null;
                await programs.SaveAsync(program, ct);
                return existed ? Results.Ok(ProgramView.Of(program)) : Results.Created($"/api/programs/{programId}", ProgramView.Of(program));
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("PutProgram")
            .WithSummary("Creates or updates a program; objective 'energy-cost' needs a time-of-use tariff (acnportal JSON).")
            .Accepts<ProgramRequest>("application/json")
            .Produces<ProgramView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        app.MapGet("/api/programs/{programId}", async (string programId, IProgramStore programs, CancellationToken ct) =>
                await programs.FindAsync(programId, ct) is { } program ? Results.Ok(ProgramView.Of(program)) : Problems.NotFound($"program '{programId}' does not exist"))
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetProgram")
            .Produces<ProgramView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
