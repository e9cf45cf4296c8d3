using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Participation;
using Vpp.Application.Programs;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Participation;
using Vpp.Functions.Security;

namespace Vpp.Functions.Participation;

/// <summary>
/// Opt-outs: a customer takes one of their devices out of the program's control for a while (a party, a sick child,
/// a long drive tomorrow), and may withdraw it; program managers may act for any customer and see the program's.
/// </summary>
public static class OptOutEndpoints
{
    public sealed record OptOutRequest(string? FromUtc, string? UntilUtc, string? Reason);

    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapOptOutApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/devices/{deviceId}/opt-outs", async (string deviceId, HttpRequest request, ClaimsPrincipal user, OptOutService optOuts, CancellationToken ct) =>
            {
                var (body, problem) = await RequestBody.ReadAsync<OptOutRequest>(request, ct);
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

                var result = await optOuts.RequestAsync(deviceId, from, until, body.Reason, RequesterOf(user), errors, ct);
                return result.Outcome == OptOutOutcome.Done
                    ? Results.Created($"/api/devices/{deviceId}/opt-outs/{result.OptOuts[0].OptOutId}", View(result.OptOuts[0]))
                    : Refusal(result);
            })
            .RequireAuthorization(Policies.CustomerOrProgramManager)
            .WithName("PostOptOut")
            .Produces(StatusCodes.Status201Created, contentType: "application/json")
            .WithSummary("Opts a device out of the program's control from 'fromUtc' (default now) until 'untilUtc' (at most 31 days): plans hold it at what it draws on its own, and the device follows no pushed schedule then. Customers may opt out only their own devices.")
            .Accepts<OptOutRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/devices/{deviceId}/opt-outs", async (string deviceId, ClaimsPrincipal user, OptOutService optOuts, CancellationToken ct) =>
                await optOuts.ListAsync(deviceId, RequesterOf(user), ct) is var result && result.Outcome == OptOutOutcome.Done
                    ? Results.Ok(new { deviceId, optOuts = result.OptOuts.Select(View) })
                    : Refusal(result))
            .RequireAuthorization(Policies.CustomerOrProgramManager)
            .WithName("GetDeviceOptOuts")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The device's opt-outs: current and coming, and those ended in the last 30 days.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapDelete("/api/devices/{deviceId}/opt-outs/{optOutId}", async (string deviceId, string optOutId, ClaimsPrincipal user, OptOutService optOuts, CancellationToken ct) =>
                await optOuts.WithdrawAsync(deviceId, optOutId, RequesterOf(user), ct) is var result && result.Outcome == OptOutOutcome.Done
                    ? Results.Ok(View(result.OptOuts[0]))
                    : Refusal(result))
            .RequireAuthorization(Policies.CustomerOrProgramManager)
            .WithName("DeleteOptOut")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("Withdraws an opt-out: it ends now (one not yet begun, at its start) and the device is back in the program's control; it stays on record.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/programs/{programId}/opt-outs", async (string programId, string? from, string? to, string? top, string? continuation, IProgramStore programs, IOptOutStore optOuts, TimeProvider clock, CancellationToken ct) =>
            {
                var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(programId, from, to, programs, clock, TimeSpan.Zero, TimeSpan.FromDays(2), OptOut.MaxAhead + OptOut.MaxLength, ct);
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
                    var (page, next) = await optOuts.ListOverlappingPageAsync(program!.ProgramId, fromUtc, toUtc, pageSize, continuation, ct);
                    return Results.Ok(new { programId, fromUtc, toUtc, optOuts = page.Select(View), continuation = next });
                }
                catch (FormatException)
                {
                    return Problems.Validation("continuation", "not a continuation of this list: start again without it");
                }
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetProgramOptOuts")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The program's opt-outs whose windows overlap 'from'…'to' (instants with offset or local dates; default the current hour and the next two days), a page at a time: 'top' (1-1000, default 100) and the 'continuation' the previous page gave, until it is null.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
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
