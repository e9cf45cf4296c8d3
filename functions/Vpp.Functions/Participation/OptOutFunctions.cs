using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Vpp.Application.Dispatch;
using Vpp.Application.Participation;
using Vpp.Application.Programs;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Participation;
using Vpp.Functions.Dispatch;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Participation;

/// <summary>
/// Opt-outs: a customer takes one of their devices out of the program's control for a while (a party, a sick child,
/// a long drive tomorrow), and may withdraw it; program managers may act for any customer and see the program's.
/// </summary>
public sealed class OptOutFunctions(OptOutService optOuts, IProgramStore programs, IOptOutStore store, TimeProvider clock, ILogger<OptOutFunctions> logger, DispatchQueryService dispatchQueries)
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    [Function("PostOptOut")]
    [Authorize(Policy = Policies.CustomerOrProgramManager)]
    [EndpointSummary("Opts a device out of the program's control from 'fromUtc' (default now) until 'untilUtc' (at most 31 days): plans hold it at what it draws on its own, and the device follows no pushed schedule then. Customers may opt out only their own devices.")]
    [Consumes(typeof(OptOutRequest), "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> PostOptOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "devices/{deviceId}/opt-outs")] HttpRequest request, string deviceId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<OptOutRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        DateTimeOffset? from = null;
        if (body!.FromUtc is not null)
        {
            from = Instants.TryParseWithOffset(body.FromUtc, out var at) ? at : null;
            if (from is null)
            {
                errors.Add(new FieldError("fromUtc", "an instant with its offset (2026-11-22T18:00:00Z), or left out for now"));
            }
        }

        if (!Instants.TryParseWithOffset(body.UntilUtc, out var until))
        {
            errors.Add(new FieldError("untilUtc", "required: an instant with its offset (2026-11-22T21:00:00Z)"));
        }

        var result = await optOuts.RequestAsync(deviceId, from, until, body.Reason, RequesterOf(request.HttpContext.User), errors, cancellationToken);
        if (result.Outcome != OptOutOutcome.Done)
        {
            return Refusal(result);
        }

        var optOut = result.OptOuts[0];
        await ScheduleExpiryAsync(durable, optOut, cancellationToken);
        // Running events that would command the device replan without it (before their start) or cover for it.
        foreach (var running in await dispatchQueries.RunningForDeviceAsync(deviceId, optOut.FromUtc, optOut.UntilUtc, cancellationToken))
        {
            await DispatchOrchestrations.SignalAsync(durable, running.EventId, new DispatchEventSignal(DispatchEventSignal.OptedOut, deviceId), cancellationToken);
        }

        return Results.Created($"/api/devices/{deviceId}/opt-outs/{optOut.OptOutId}", View(optOut));
    }

    [Function("GetDeviceOptOuts")]
    [Authorize(Policy = Policies.CustomerOrProgramManager)]
    [EndpointSummary("The device's opt-outs: current and coming, and those ended in the last 30 days.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetDeviceOptOuts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "devices/{deviceId}/opt-outs")] HttpRequest request, string deviceId, CancellationToken cancellationToken) =>
        await optOuts.ListAsync(deviceId, RequesterOf(request.HttpContext.User), cancellationToken) is var result && result.Outcome == OptOutOutcome.Done
            ? Results.Ok(new { deviceId, optOuts = result.OptOuts.Select(View) })
            : Refusal(result);

    [Function("DeleteOptOut")]
    [Authorize(Policy = Policies.CustomerOrProgramManager)]
    [EndpointSummary("Withdraws an opt-out: it ends now (one not yet begun, at its start) and the device is back in the program's control; it stays on record.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> DeleteOptOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "devices/{deviceId}/opt-outs/{optOutId}")] HttpRequest request, string deviceId, string optOutId,
        CancellationToken cancellationToken) =>
        await optOuts.WithdrawAsync(deviceId, optOutId, RequesterOf(request.HttpContext.User), cancellationToken) is var result && result.Outcome == OptOutOutcome.Done
            ? Results.Ok(View(result.OptOuts[0]))
            : Refusal(result);

    [Function("GetProgramOptOuts")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The program's opt-outs whose windows overlap 'from'…'to' (instants with offset or local dates; default the current hour and the next two days), a page at a time: 'top' (1-1000, default 100) and the 'continuation' the previous page gave, until it is null.")]
    [QueryParameter("from", "An instant with offset or a local date (default: the current hour).")]
    [QueryParameter("to", "An instant with offset or a local date (default: two days after 'from').")]
    [QueryParameter("top", "Opt-outs per page, 1-1000 (default 100).")]
    [QueryParameter("continuation", "The continuation the previous page gave.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetProgramOptOuts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/opt-outs")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        string? top = request.Query["top"];
        string? continuation = request.Query["continuation"];
        var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(
            programId, request.Query["from"], request.Query["to"], programs, clock, TimeSpan.Zero, TimeSpan.FromDays(2), OptOut.MaxAhead + OptOut.MaxLength, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var pageSize = DefaultPageSize;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.Validation("top", $"opt-outs per page, 1 to {MaxPageSize} (default {DefaultPageSize})");
        }

        try
        {
            var (page, next) = await store.ListOverlappingPageAsync(program!.ProgramId, fromUtc, toUtc, pageSize, continuation, cancellationToken);
            return Results.Ok(new { programId, fromUtc, toUtc, optOuts = page.Select(View), continuation = next });
        }
        catch (FormatException)
        {
            return Problems.Validation("continuation", "not a continuation of this list: start again without it");
        }
    }

    /// <summary>
    /// The opt-out is in force once stored and told to the twin; clearing it from the twin when it ends is a durable
    /// orchestration's. Should that not start, the window is still cleared at the device's next opt-out change, so the
    /// customer's request does not fail for it.
    /// </summary>
    private async Task ScheduleExpiryAsync(DurableTaskClient durable, OptOut optOut, CancellationToken cancellationToken)
    {
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                OptOutExpiryOrchestrator.Name, new OptOutExpiry(optOut.DeviceId, optOut.OptOutId, optOut.UntilUtc),
                new StartOrchestrationOptions(OptOutExpiryOrchestrator.InstanceId(optOut.OptOutId)), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not schedule the expiry of opt-out {OptOutId} of device {DeviceId}", optOut.OptOutId, optOut.DeviceId);
        }
    }

    /// <summary>A customer is known by the subject of their token; anyone else the policy lets in acts for the program.</summary>
    private static Requester RequesterOf(ClaimsPrincipal user) =>
        new(user.FindFirstValue("sub") ?? string.Empty, !user.IsInRole(Roles.ProgramManager));

    private static object View(OptOut o) => new
    {
        o.OptOutId,
        o.ProgramId,
        o.DeviceId,
        o.FromUtc,
        o.UntilUtc,
        o.Reason,
        o.RequestedBy,
        o.RequestedUtc,
        o.WithdrawnUtc,
    };

    private static IResult Refusal(OptOutResult result) => result.Outcome switch
    {
        OptOutOutcome.Forbidden => new ForbiddenProblem("this device is not enrolled to you"),
        OptOutOutcome.NotFound => Problems.NotFound(string.Join("; ", result.Errors.Select(e => e.Message))),
        _ => Problems.Validation(result.Errors),
    };
}
