using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Settlement;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Settlement;

/// <summary>
/// Program managers ask for an approved month to be settled again (late telemetry, corrected terms); the next run
/// carries what changed as adjustment lines, and the approved run stays as it was paid. Managers and finance read them.
/// </summary>
public sealed class SettlementCorrectionFunctions(SettlementRunService settlement)
{
    private const string Route = "programs/{programId}/settlements/{month}/corrections";

    [Function("PostSettlementCorrection")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Asks for an approved month to be settled again (body: {\"reason\":\"…\"}): the next run started carries the difference per device as adjustment lines.")]
    [Consumes(typeof(SettlementCorrectionBody), "application/json")]
    [ProducesResponseType<SettlementCorrectionView>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request, string programId, string month, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<SettlementCorrectionBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<Vpp.Domain.Devices.FieldError>();
        if (!SettlementMonth.TryParse(month, out var first))
        {
            errors.Add(new("month", SettlementMonth.Description));
        }

        if (string.IsNullOrWhiteSpace(body!.Reason) || body.Reason.Length > 1000)
        {
            errors.Add(new("reason", "required: why the month is settled again, at most 1000 characters"));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (correction, refusal) = await settlement.CorrectAsync(programId, first, body.Reason!.Trim(), Caller.Of(request), cancellationToken);
        if (correction is null)
        {
            return refusal is null ? Problems.NotFound($"program '{programId}' does not exist") : Problems.Conflict(refusal);
        }

        return Results.Accepted($"/api/programs/{programId}/settlements/{SettlementMonth.Format(first)}/corrections", SettlementCorrectionView.Of(correction, null));
    }

    [Function("GetSettlementCorrections")]
    [Authorize(Policy = Policies.SettlementReader)]
    [EndpointSummary("The corrections asked of a month, oldest first, each with the run that carries its adjustment lines.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string programId, string month, CancellationToken cancellationToken)
    {
        if (!SettlementMonth.TryParse(month, out var first))
        {
            return Problems.Validation("month", SettlementMonth.Description);
        }

        var corrections = await settlement.CorrectionsAsync(programId, first, cancellationToken);
        return Results.Ok(new { programId, month = SettlementMonth.Format(first), corrections = corrections.Select(c => SettlementCorrectionView.Of(c.Correction, c.CarriedBy)) });
    }
}
