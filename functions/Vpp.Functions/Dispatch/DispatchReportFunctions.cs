using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Dispatch;

/// <summary>An event's report once it is over: per device and in total, per 15-minute interval; JSON, or CSV (<c>?format=csv</c> or <c>Accept: text/csv</c>).</summary>
public sealed class DispatchReportFunctions(DispatchQueryService queries, IProgramStore programs)
{
    [Function("GetDispatchEventReport")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The event's report once it is over: baseline, measured and delivered kW and kWh per device and 15-minute interval and in total, participation, opt-outs, overrides, rebound. JSON, or CSV with format=csv or Accept: text/csv.")]
    [QueryParameter("format", "json (the default) or csv.")]
    [ProducesResponseType<DispatchReport>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/events/{eventId}/report")] HttpRequest request, string programId, string eventId,
        CancellationToken cancellationToken)
    {
        string? format = request.Query["format"];
        if (format is not (null or "json" or "csv"))
        {
            return Problems.Validation("format", "json or csv");
        }

        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        if (await queries.ReportAsync(programId, eventId, cancellationToken) is not { } report)
        {
            return Problems.NotFound($"event '{eventId}' of program '{programId}' has no report (it is not over, or does not exist)");
        }

        var csv = format == "csv" || (format is null && request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true));
        return csv ? Results.Text(DispatchReportCsv.Write(report), "text/csv; charset=utf-8") : Results.Json(report, RequestBody.Options);
    }
}
