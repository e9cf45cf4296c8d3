using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Vpp.Application.Programs;
using Vpp.Application.Settlement;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Settlement;

/// <summary>
/// Program managers start a month's settlement run and approve or reject its draft; managers and finance read runs and
/// any customer's statement, and resume a run held after approval; finance downloads exports and reverses a transfer. Months are yyyy-MM in the program's time zone.
/// </summary>
public sealed class SettlementRunFunctions(SettlementRunService settlement, ISettlementExports exports, IProgramStore programs)
{
    private const string RunRoute = "programs/{programId}/settlements/{month}";

    [Function("PostSettlementRun")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Starts the settlement run of a month that is over (body: {\"month\":\"2026-06\"}): version 1, or the next version once the last was rejected or failed; 409 when it would settle months out of order (an earlier one not paid out, or a later one already settled). The run computes every statement, then waits as a draft for approval.")]
    [Consumes(typeof(SettlementStartBody), "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programs/{programId}/settlements")] HttpRequest request, string programId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<SettlementStartBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!SettlementMonth.TryParse(body!.Month, out var month))
        {
            return Problems.Validation("month", $"required: {SettlementMonth.Description}");
        }

        var (run, refusal) = await settlement.NextRunAsync(programId, month, Caller.Of(request), cancellationToken);
        if (run is null)
        {
            return refusal is null ? Problems.NotFound($"program '{programId}' does not exist") : Problems.Conflict(refusal);
        }

        await SettlementOrchestrations.StartAsync(durable, run, cancellationToken);
        var location = $"/api/programs/{programId}/settlements/{SettlementMonth.Format(run.Month)}?version={run.Version}";
        return Results.Accepted(location, new { programId, month = SettlementMonth.Format(run.Month), version = run.Version, instanceId = run.InstanceId });
    }

    [Function("GetSettlementRuns")]
    [Authorize(Policy = Policies.SettlementReader)]
    [EndpointSummary("Every settlement run version of the program, oldest first, with its status and totals.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/settlements")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var runs = await settlement.ListAsync(programId, cancellationToken);
        return Results.Ok(new { programId, runs = runs.Select(r => SettlementRunView.Of(r, [], [])) });
    }

    [Function("GetSettlementRun")]
    [Authorize(Policy = Policies.SettlementReader)]
    [EndpointSummary("A month's run (its latest version, or ?version=n): status and every move, totals and whether they balance, payouts that failed, export files.")]
    [QueryParameter("version", "The run version; the latest when left out.")]
    [ProducesResponseType<SettlementRunView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunRoute)] HttpRequest request, string programId, string month, CancellationToken cancellationToken)
    {
        var (run, problem) = await FindRunAsync(request, programId, month, cancellationToken);
        if (run is null)
        {
            return problem!;
        }

        return Results.Ok(SettlementRunView.Of(run, await settlement.FailedPayoutsAsync(run, cancellationToken), await exports.ListAsync(run.ProgramId, run.Month, run.Version, cancellationToken)));
    }

    [Function("ApproveSettlementRun")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Approves a draft (body: the version read, and an optional note). Approved runs are immutable; their payouts and exports follow.")]
    [Consumes(typeof(SettlementDecisionBody), "application/json")]
    [ProducesResponseType<SettlementRunView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public Task<IResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RunRoute + "/approve")] HttpRequest request, string programId, string month,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken) =>
        DecideAsync(request, programId, month, approve: true, durable, cancellationToken);

    [Function("RejectSettlementRun")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Rejects a draft (body: the version read and the reason, required). After corrections a new version is started with POST …/settlements.")]
    [Consumes(typeof(SettlementDecisionBody), "application/json")]
    [ProducesResponseType<SettlementRunView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public Task<IResult> Reject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RunRoute + "/reject")] HttpRequest request, string programId, string month,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken) =>
        DecideAsync(request, programId, month, approve: false, durable, cancellationToken);

    [Function("GetSettlementStatements")]
    [Authorize(Policy = Policies.SettlementReader)]
    [EndpointSummary("A page of a run's statements (latest version, or ?version=n), by customer id: each customer's total, devices, events and payout; ?page=k from 0 (pages: the run's batches).")]
    [QueryParameter("version", "The run version; the latest when left out.")]
    [QueryParameter("page", "The page, from 0; the first when left out.")]
    [ProducesResponseType<SettlementStatementPageView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Statements(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunRoute + "/statements")] HttpRequest request, string programId, string month, CancellationToken cancellationToken)
    {
        var (run, problem) = await FindRunAsync(request, programId, month, cancellationToken);
        if (run is null)
        {
            return problem!;
        }

        var pages = SettlementRunService.StatementPages(run);
        var page = 0;
        if (request.Query["page"] is { Count: > 0 } given
            && (!int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page) || page >= pages))
        {
            return Problems.Validation("page", $"a whole number from 0 to {pages - 1}");
        }

        return Results.Json(SettlementStatementPageView.Of(run, page, pages, await settlement.StatementPageAsync(run, page, cancellationToken)), RequestBody.Options);
    }

    [Function("GetSettlementStatement")]
    [Authorize(Policy = Policies.SettlementReader)]
    [EndpointSummary("A customer's statement in a month's run (latest version, or ?version=n), explained per device and event, with its payout.")]
    [QueryParameter("version", "The run version; the latest when left out.")]
    [ProducesResponseType<CustomerStatementView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Statement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunRoute + "/statements/{customerId}")] HttpRequest request, string programId, string month, string customerId,
        CancellationToken cancellationToken)
    {
        var (run, problem) = await FindRunAsync(request, programId, month, cancellationToken);
        if (run is null)
        {
            return problem!;
        }

        return await settlement.FindLineAsync(run, customerId, cancellationToken) is { } line
            ? Results.Json(CustomerStatementView.Of(run.ProgramId, run.Month, run.Version, run.Status, line), RequestBody.Options)
            : Problems.NotFound($"run {run.RunId} v{run.Version} has no statement for customer '{customerId}'");
    }

    [Function("GetSettlementExport")]
    [Authorize(Policy = Policies.Finance)]
    [EndpointSummary("Downloads an export file of a completed run (latest version, or ?version=n): statement-lines, payouts or journal as .csv or .parquet, or manifest.json with each file's rows, total and SHA-256.")]
    [QueryParameter("version", "The run version; the latest when left out.")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunRoute + "/exports/{file}")] HttpRequest request, string programId, string month, string file,
        CancellationToken cancellationToken)
    {
        var (run, problem) = await FindRunAsync(request, programId, month, cancellationToken);
        if (run is null)
        {
            return problem!;
        }

        return await exports.FindAsync(run.ProgramId, run.Month, run.Version, file, cancellationToken) is { } found
            ? Results.File(found.Content, found.ContentType, file)
            : Problems.NotFound($"run {run.RunId} v{run.Version} has no export '{file}'");
    }

    [Function("ReverseSettlementPayout")]
    [Authorize(Policy = Policies.Finance)]
    [EndpointSummary("Reverses a customer's transfer in a run version (body: {\"version\":n}): the provider takes it back, the amount is owed again and carried to the next run, the run's journal gains the reversal.")]
    [Consumes(typeof(SettlementVersionBody), "application/json")]
    [ProducesResponseType<PayoutView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> Reverse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RunRoute + "/payouts/{customerId}/reversal")] HttpRequest request, string programId, string month, string customerId,
        CancellationToken cancellationToken)
    {
        var (first, version, problem) = await VersionOfAsync(request, month, "the run version whose transfer is reversed", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (await settlement.FindAsync(programId, first, version, cancellationToken) is not { } run)
        {
            return Problems.NotFound($"program '{programId}' has no run {SettlementMonth.Format(first)} v{version}");
        }

        var (line, refusal) = await settlement.ReverseAsync(run, customerId, cancellationToken);
        if (line is null)
        {
            return Problems.NotFound($"run {run.RunId} v{version} has no payout for customer '{customerId}'");
        }

        return refusal is null
            ? Results.Json(CustomerStatementView.Of(run.ProgramId, run.Month, run.Version, run.Status, line).Payout, RequestBody.Options)
            : Problems.Conflict(refusal);
    }

    [Function("ResumeSettlementRun")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Resumes a run held after approval (body: {\"version\":n}): its payouts or exports failed after their retries, and run again once the cause is mended; each step is safe to repeat, so no one is paid twice. A run whose orchestration no longer runs (an operator terminated it) is started again. 409 when the run is not held.")]
    [Consumes(typeof(SettlementVersionBody), "application/json")]
    [ProducesResponseType<SettlementRunView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> Resume(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RunRoute + "/resume")] HttpRequest request, string programId, string month,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (first, version, problem) = await VersionOfAsync(request, month, "the run version resumed, as read", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var by = Caller.Of(request);
        var (run, refusal) = await settlement.ResumeAsync(programId, first, version, by, cancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"program '{programId}' has no run {SettlementMonth.Format(first)} v{version}");
        }

        if (refusal is not null)
        {
            return Problems.Conflict(refusal);
        }

        await SettlementOrchestrations.ResumeAsync(durable, settlement.RequestFor(run, by), new SettlementResumption(by), cancellationToken);
        return Results.Ok(SettlementRunView.Of(run, [], []));
    }

    /// <summary>The month in the route and the version in the body, or the problem with either.</summary>
    private static async Task<(DateOnly Month, int Version, IResult? Problem)> VersionOfAsync(HttpRequest request, string month, string versionMeaning, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<SettlementVersionBody>(request, cancellationToken);
        if (problem is not null)
        {
            return (default, 0, problem);
        }

        if (!SettlementMonth.TryParse(month, out var first))
        {
            return (default, 0, Problems.Validation("month", SettlementMonth.Description));
        }

        return body!.Version is { } version
            ? (first, version, null)
            : (first, 0, Problems.Validation("version", $"required: {versionMeaning}"));
    }

    private async Task<IResult> DecideAsync(HttpRequest request, string programId, string month, bool approve, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<SettlementDecisionBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<Vpp.Domain.Devices.FieldError>();
        if (!SettlementMonth.TryParse(month, out var first))
        {
            errors.Add(new("month", SettlementMonth.Description));
        }

        if (body!.Version is null)
        {
            errors.Add(new("version", "required: the version decided, as read"));
        }

        if (!approve && string.IsNullOrWhiteSpace(body.Reason))
        {
            errors.Add(new("reason", "required: why the run is rejected"));
        }

        if (body.Reason is { Length: > 1000 })
        {
            errors.Add(new("reason", "at most 1000 characters"));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var by = Caller.Of(request);
        var (run, refusal) = await settlement.DecideAsync(programId, first, body.Version!.Value, approve, by, body.Reason, cancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"program '{programId}' has no run {SettlementMonth.Format(first)} v{body.Version}");
        }

        if (refusal is not null)
        {
            return Problems.Conflict(refusal);
        }

        await SettlementOrchestrations.SignalAsync(durable, SettlementRunRequest.InstanceIdOf(programId, run.Month, run.Version), SettlementDecision.EventName, new SettlementDecision(approve, by), cancellationToken);
        return Results.Ok(SettlementRunView.Of(run, [], []));
    }

    private async Task<(SettlementRunRecord? Run, IResult? Problem)> FindRunAsync(HttpRequest request, string programId, string month, CancellationToken cancellationToken)
    {
        if (!SettlementMonth.TryParse(month, out var first))
        {
            return (null, Problems.Validation("month", SettlementMonth.Description));
        }

        int? version = null;
        if (request.Query["version"] is { Count: > 0 } given)
        {
            if (!int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return (null, Problems.Validation("version", "a whole number from 1"));
            }

            version = parsed;
        }

        return await settlement.FindAsync(programId, first, version, cancellationToken) is { } run
            ? (run, null)
            : (null, Problems.NotFound($"program '{programId}' has no run for {SettlementMonth.Format(first)}{(version is null ? string.Empty : $" v{version}")}"));
    }
}
