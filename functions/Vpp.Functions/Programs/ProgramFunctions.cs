using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Programs;
using Vpp.Functions.Security;
using Vpp.Infrastructure.Pricing;

namespace Vpp.Functions.Programs;

public sealed class ProgramFunctions(IProgramStore programs)
{
    [Function("PutProgram")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Creates or updates a program; objective 'energy-cost' needs a time-of-use tariff (acnportal JSON); 'eventRules' bound its dispatch events (allowedFrom/allowedUntil local HH:mm, weekdaysOnly, seasonFirstMonth/seasonLastMonth, maxEventsPerSeason, maxHoursPerSeason, minimumNoticeMinutes).")]
    [Consumes(typeof(ProgramRequest), "application/json")]
    [ProducesResponseType<ProgramView>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ProgramView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IResult> PutProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "programs/{programId}")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<ProgramRequest>(request, cancellationToken);
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

        Vpp.Domain.Dispatch.DispatchRules? eventRules = null;
        if (body.EventRules is { } rulesBody)
        {
            var (rules, ruleErrors) = rulesBody.Read();
            if (rules is null)
            {
                return Problems.Validation(ruleErrors);
            }

            eventRules = rules;
        }

        var program = new VppProgram(programId, body.Name ?? string.Empty, body.TimeZone ?? string.Empty, body.TelemetryIntervalSeconds ?? 60, body.AutonomousScheduling ?? false, dayAheadAt,
            body.Objective ?? ProgramObjectives.PeakShaving, tariff, eventRules, body.ProposeEventsAboveKw, body.Holidays);
        var errors = program.Validate();
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var existed = await programs.FindAsync(programId, cancellationToken) is not null;
        await programs.SaveAsync(program, cancellationToken);
        return existed ? Results.Ok(ProgramView.Of(program)) : Results.Created($"/api/programs/{programId}", ProgramView.Of(program));
    }

    [Function("GetProgram")]
    [Authorize(Policy = Policies.ProgramManager)]
    [ProducesResponseType<ProgramView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}")] HttpRequest request, string programId, CancellationToken cancellationToken) =>
        await programs.FindAsync(programId, cancellationToken) is { } program ? Results.Ok(ProgramView.Of(program)) : Problems.NotFound($"program '{programId}' does not exist");
}
