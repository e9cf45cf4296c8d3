using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Dispatch;
using Vpp.Application.Participation;
using Vpp.Domain.Calendar;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Dispatch;

/// <summary>A device's events and its part in each: customers read their own devices', program managers any device's.</summary>
public sealed class DeviceEventFunctions(DispatchQueryService queries, TimeProvider clock)
{
    private static readonly TimeSpan MaxListSpan = TimeSpan.FromDays(400);

    [Function("GetDeviceEvents")]
    [Authorize(Policy = Policies.CustomerOrProgramManager)]
    [EndpointSummary("The events the device is part of, starting between 'from' and 'to' (default: the last 30 days and the next 60): each event's window, state and message, the device's part (taking part or in reserve, commanded, opted out, overridden, released early when a lowered target no longer needed it) and, once reported, the kWh it delivered. Customers may read only their own devices.")]
    [QueryParameter("from", "An instant with its offset; default 30 days ago.")]
    [QueryParameter("to", "An instant with its offset; default 60 days ahead; at most 400 days after 'from'.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "devices/{deviceId}/events")] HttpRequest request, string deviceId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = new List<Domain.Devices.FieldError>();
        var from = Bound(request.Query["from"], "from", now - TimeSpan.FromDays(30), errors);
        var to = Bound(request.Query["to"], "to", now + TimeSpan.FromDays(60), errors);
        if (errors.Count == 0 && (to <= from || to - from > MaxListSpan))
        {
            errors.Add(new("to", $"after 'from' and at most {MaxListSpan.TotalDays:0} days after it"));
        }

        var user = request.HttpContext.User;
        var requester = new Requester(user.FindFirstValue("sub") ?? string.Empty, !user.IsInRole(Roles.ProgramManager));
        var (device, events, forbidden) = await queries.ForDeviceAsync(deviceId, requester, from, to, cancellationToken);
        if (device is null)
        {
            // Whether the device exists is nobody's business but its customer's and the program's.
            return forbidden ? new ForbiddenProblem("this device is not enrolled to you") : Problems.NotFound($"device '{deviceId}' is not registered");
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return Results.Ok(new
        {
            deviceId,
            fromUtc = from,
            toUtc = to,
            events = events.Select(p => new
            {
                p.Event.EventId,
                kind = p.Event.Kind.ToWire(),
                status = p.Event.Status.ToWire(),
                p.Event.StartUtc,
                p.Event.EndUtc,
                test = p.Event.IsTest,
                p.Event.Message,
                part = p.Part is null ? "not planned yet" : p.Part.Role == Domain.Dispatch.DispatchRole.Participant ? "taking part" : "in reserve",
                p.Commanded,
                p.Part?.OptedOutUtc,
                p.Part?.OverriddenUtc,
                p.Part?.ReleasedUtc,
                p.DeliveredKwh,
            }),
        });
    }

    private static DateTimeOffset Bound(string? text, string field, DateTimeOffset fallback, List<Domain.Devices.FieldError> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (Instants.TryParseWithOffset(text, out var at))
        {
            return at;
        }

        errors.Add(new(field, "an instant with its offset (2026-07-14T17:00:00Z)"));
        return fallback;
    }
}
