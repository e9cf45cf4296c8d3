using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Dispatch;

/// <summary>
/// Program managers create (or confirm proposed), read, change and cancel dispatch events. Start and end are given in
/// the program's local time; a refused event names each program rule it breaks (<c>errors["rules.maxHoursPerSeason"]</c>).
/// </summary>
public sealed class DispatchEventFunctions(DispatchEventService events, DispatchQueryService queries, DispatchOrchestrations orchestrations, IProgramStore programs, TimeProvider clock)
{
    private static readonly TimeSpan MaxListSpan = TimeSpan.FromDays(400);

    [Function("PostDispatchEvent")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Creates a dispatch event (or, with 'proposed', proposes one): kind reduce|increase|frequency, start and end in the program's local time (2026-07-14T17:00) or with offset, 15 minutes to 6 hours, targetKw (left out: as much as available), deviceTypes, feeders, notice day-ahead|hour-ahead|immediate, test, message. The program's event rules are checked; each one broken is named.")]
    [Consumes(typeof(DispatchEventBody), "application/json")]
    [ProducesResponseType<DispatchEventView>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programs/{programId}/events")] HttpRequest request, string programId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<DispatchEventBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var zone = program.FindTimeZone();
        var errors = new List<FieldError>();
        if (!DispatchWireNames.TryParseKind(body!.Kind, out var kind))
        {
            errors.Add(new("kind", "reduce, increase or frequency"));
        }

        if (!DispatchWireNames.TryParseNotice(body.Notice ?? "day-ahead", out var notice))
        {
            errors.Add(new("notice", "day-ahead (the default), hour-ahead or immediate"));
        }

        var start = Instant(body.Start, "start", zone, errors);
        var end = Instant(body.End, "end", zone, errors);
        var types = new List<DeviceType>();
        foreach (var (wire, i) in (body.DeviceTypes ?? []).Select((t, i) => (t, i)))
        {
            if (DeviceTypeNames.TryParse(wire, out var type))
            {
                types.Add(type);
            }
            else
            {
                errors.Add(new($"deviceTypes[{i}]", "battery, ev-charger, water-heater or thermostat"));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await events.CreateAsync(programId,
            new DispatchEventRequest(kind, start, end, body.TargetKw, types, body.Feeders, notice, body.Test ?? false, body.Message, body.Proposed ?? false), Caller.Of(request), cancellationToken);
        if (result.Outcome != DispatchEventOutcome.Done)
        {
            return Refusal(result, programId, null);
        }

        // A proposed event runs once a manager confirms it.
        if (result.Event!.Status == DispatchEventStatus.Scheduled)
        {
            await orchestrations.StartAsync(durable, result.Event, cancellationToken);
        }

        return Results.Created($"/api/programs/{programId}/events/{result.Event.EventId}", DispatchEventView.Of(result.Event, zone));
    }

    [Function("GetDispatchEvents")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The program's events starting between 'from' and 'to' (default: the last 30 days and the next 60), optionally in one 'status'.")]
    [QueryParameter("from", TimeRangeQuery.FromDescription)]
    [QueryParameter("to", TimeRangeQuery.ToDescription)]
    [QueryParameter("status", "proposed, scheduled, notified, preconditioning, active, restoring, completed, cancelled or failed.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/events")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(
            programId, request.Query["from"], request.Query["to"], programs, clock, TimeSpan.FromDays(30), TimeSpan.FromDays(90), MaxListSpan, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        DispatchEventStatus? status = null;
        if (request.Query["status"] is { Count: > 0 } given)
        {
            if (!DispatchWireNames.TryParseStatus(given, out var parsed))
            {
                return Problems.Validation("status", "proposed, scheduled, notified, preconditioning, active, restoring, completed, cancelled or failed");
            }

            status = parsed;
        }

        var zone = program!.FindTimeZone();
        var listed = await events.ListAsync(programId, fromUtc, toUtc, status, cancellationToken);
        return Results.Ok(new { programId, fromUtc, toUtc, events = listed.Select(e => DispatchEventView.Of(e, zone)) });
    }

    [Function("GetDispatchEvent")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("One event: its state and its history, every move with its time and cause; once planned, its plan; once under way, its delivery minute by minute against its target.")]
    [ProducesResponseType<DispatchEventView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/events/{eventId}")] HttpRequest request, string programId, string eventId,
        CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        if (await events.FindAsync(programId, eventId, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"program '{programId}' has no event '{eventId}'");
        }

        var (plan, delivery) = await queries.LiveAsync(eventId, cancellationToken);
        return Results.Ok(DispatchEventView.Of(found, program.FindTimeZone()) with { Plan = plan, Delivery = delivery });
    }

    [Function("ConfirmDispatchEvent")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Confirms a proposed event: it is scheduled, if the program's rules still allow it.")]
    [ProducesResponseType<DispatchEventView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programs/{programId}/events/{eventId}/confirm")] HttpRequest request, string programId, string eventId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var result = await events.ConfirmAsync(programId, eventId, Caller.Of(request), cancellationToken);
        if (result.Outcome == DispatchEventOutcome.Done)
        {
            await orchestrations.StartAsync(durable, result.Event!, cancellationToken);
        }

        return Answer(result, program, eventId);
    }

    [Function("CancelDispatchEvent")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Cancels an event, before or during it (one under way restores at once).")]
    [ProducesResponseType<DispatchEventView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programs/{programId}/events/{eventId}/cancel")] HttpRequest request, string programId, string eventId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var result = await events.CancelAsync(programId, eventId, $"cancelled by {Caller.Of(request)}", cancellationToken);
        if (result.Outcome == DispatchEventOutcome.Done)
        {
            await DispatchOrchestrations.SignalAsync(durable, eventId, new DispatchEventSignal(DispatchEventSignal.Cancelled), cancellationToken);
        }

        return Answer(result, program, eventId);
    }

    [Function("PatchDispatchEvent")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Changes an event's target (targetKw; null for as much as available) or end (local time or with offset), before or during it; the program's rules are checked again.")]
    [Consumes(typeof(DispatchEventChangeBody), "application/json")]
    [ProducesResponseType<DispatchEventView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> Change(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "programs/{programId}/events/{eventId}")] HttpRequest request, string programId, string eventId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<DispatchEventChangeBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var errors = new List<FieldError>();
        var changeTarget = body!.TargetKw is not null;
        double? target = null;
        if (body.TargetKw is { ValueKind: JsonValueKind.Number } number)
        {
            target = number.GetDouble();
        }
        else if (body.TargetKw is { ValueKind: not JsonValueKind.Null })
        {
            errors.Add(new("targetKw", "a number of kW, or null for as much as is available"));
        }

        DateTimeOffset? end = body.End is null ? null : Instant(body.End, "end", program.FindTimeZone(), errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await events.ChangeAsync(programId, eventId, target, changeTarget, end, Caller.Of(request), cancellationToken);
        if (result.Outcome == DispatchEventOutcome.Done)
        {
            await DispatchOrchestrations.SignalAsync(durable, eventId, new DispatchEventSignal(DispatchEventSignal.Changed), cancellationToken);
        }

        return Answer(result, program, eventId);
    }

    /// <summary>The changed event in the program's local time, or why not.</summary>
    private static IResult Answer(DispatchEventResult result, VppProgram program, string eventId) =>
        result.Outcome == DispatchEventOutcome.Done
            ? Results.Ok(DispatchEventView.Of(result.Event!, program.FindTimeZone()))
            : Refusal(result, program.ProgramId, eventId);

    private static IResult Refusal(DispatchEventResult result, string programId, string? eventId) => result.Outcome switch
    {
        DispatchEventOutcome.ProgramNotFound => Problems.NotFound($"program '{programId}' does not exist"),
        DispatchEventOutcome.EventNotFound => Problems.NotFound($"program '{programId}' has no event '{eventId}'"),
        DispatchEventOutcome.BreaksRules => Problems.Validation(result.Violations.Select(v => new FieldError("rules." + v.Rule, v.Message))),
        DispatchEventOutcome.Conflict => Problems.Conflict(result.Refusal),
        _ => Problems.Validation(result.Errors),
    };

    private static DateTimeOffset Instant(string? text, string field, TimeZoneInfo zone, List<FieldError> errors)
    {
        if (LocalInstants.TryParse(text, zone, out var instant, out var problem))
        {
            return instant;
        }

        errors.Add(new(field, text is null ? "required: " + problem : problem!));
        return default;
    }
}
