using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Programs;
using Vpp.Application.Settlement;
using Vpp.Domain.Calendar;
using Vpp.Functions.Security;

namespace Vpp.Functions.Settlement;

/// <summary>A program's settlement terms: versions by effective date, each validated field by field; a run settles each event on the version in force that day.</summary>
public sealed class SettlementTermsFunctions(SettlementRunService settlement, IProgramStore programs)
{
    [Function("PutSettlementTerms")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Stores the version of the program's settlement terms effective from a local date (yyyy-MM-dd), replacing one from the same date. Runs already approved are not changed: corrections reach them as adjustments.")]
    [Consumes(typeof(SettlementTermsBody), "application/json")]
    [ProducesResponseType<SettlementTermsBody>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "programs/{programId}/settlement-terms/{effectiveFrom}")] HttpRequest request, string programId, string effectiveFrom,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<SettlementTermsBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!Instants.TryParseDate(effectiveFrom, out var from))
        {
            return Problems.Validation("effectiveFrom", $"a local date, yyyy-MM-dd, in {Instants.EarliestYear}-{Instants.LatestYear}");
        }

        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var (terms, missing) = body!.ToTerms(from);
        if (terms is null)
        {
            return Problems.Validation(missing);
        }

        var errors = await settlement.SaveTermsAsync(programId, terms, cancellationToken);
        return errors.Count > 0 ? Problems.Validation(errors) : Results.Json(SettlementTermsBody.Of(terms), RequestBody.Options);
    }

    [Function("GetSettlementTerms")]
    [Authorize(Policy = Policies.SettlementReader)]
    [EndpointSummary("Every version of the program's settlement terms, earliest effective first.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/settlement-terms")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var versions = await settlement.TermsAsync(programId, cancellationToken);
        return Results.Json(new
        {
            programId,
            versions = versions.Select(t => new { effectiveFrom = t.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), terms = SettlementTermsBody.Of(t) }),
        }, RequestBody.Options);
    }
}
