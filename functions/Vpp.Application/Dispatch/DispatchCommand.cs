using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// The desired property <c>dispatchEvent</c> an event writes to each device's twin (docs/device-twin.md): the event,
/// the command's id (<c>{eventId}/{step}</c>: a device applies a command id once), the plan grid with the power to draw
/// in each interval, a thermostat's setpoint, and when the device is released. Pre-conditioning sends the plan before
/// the start, shedding the plan from the start, restoring the release time (a cancelled event's is now).
/// </summary>
public static class DispatchCommand
{
    public const string TwinProperty = "dispatchEvent";

    public static string IdOf(string eventId, DispatchStep step) => $"{eventId}/{StepName(step)}";

    public static string StepName(DispatchStep step) => step.ToString().ToLowerInvariant();

    public static JsonObject Build(DispatchEvent dispatchEvent, DispatchAssignment assignment, DispatchStep step, DateTimeOffset? releaseUtc)
    {
        ArgumentNullException.ThrowIfNull(dispatchEvent);
        ArgumentNullException.ThrowIfNull(assignment);
        var command = new JsonObject
        {
            ["eventId"] = dispatchEvent.EventId,
            ["commandId"] = IdOf(dispatchEvent.EventId, step),
            ["step"] = StepName(step),
        };
        if (step == DispatchStep.Restore)
        {
            command["releaseUtc"] = Utc(releaseUtc ?? dispatchEvent.EndUtc);
            return new JsonObject { [TwinProperty] = command };
        }

        command["kind"] = dispatchEvent.Kind.ToString().ToLowerInvariant();
        command["startUtc"] = Utc(dispatchEvent.StartUtc);
        command["endUtc"] = Utc(dispatchEvent.EndUtc);
        command["planStartUtc"] = Utc(assignment.PlanStartUtc);
        command["intervalMinutes"] = assignment.IntervalMinutes;
        // Pre-conditioning tells only the intervals before the start; the shed command the rest, once opt-outs are known.
        // Where the plan is the device's baseline it says nothing: the device does there what it would have done anyway.
        command["powerKw"] = new JsonArray([.. assignment.PowerKw.Select((kw, t) =>
            (JsonNode?)((step == DispatchStep.Precondition && assignment.PlanStartUtc + (assignment.Interval * t) >= dispatchEvent.StartUtc) || kw == assignment.BaselineKw[t] ? null : Math.Round(kw, 2)))]);
        command["setpointC"] = assignment.SetpointC is { } setpoint ? Math.Round(setpoint, 1) : null;
        // A device holds its part until its fitted release, which the restore step confirms or brings forward.
        command["releaseUtc"] = Utc(releaseUtc ?? dispatchEvent.EndUtc + assignment.ReleaseAfter);
        return new JsonObject { [TwinProperty] = command };
    }

    /// <summary>Whether the twin's desired properties already hold the step's command (sent before the host died).</summary>
    public static bool IsIn(JsonObject desired, string eventId, DispatchStep step)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return desired[TwinProperty]?["commandId"]?.GetValue<string>() == IdOf(eventId, step);
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
