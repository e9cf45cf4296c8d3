using System.Globalization;
using System.Text.Json.Nodes;

namespace Vpp.DeviceSim.Physics;

/// <summary>
/// A dispatch event's command as a device keeps it (the <c>dispatchEvent</c> desired property, docs/device-twin.md):
/// from the plan's start, the power to draw in each interval (none where the command says nothing yet), the setpoint a
/// thermostat holds while it sheds, and when the device is released.
/// </summary>
internal sealed record FollowedEvent(
    string EventId, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset PlanStart, TimeSpan Interval, double?[] PowerKw, double? SetpointC, DateTimeOffset Release)
{
    /// <summary>Reads the property; null if it is not a command this device can follow.</summary>
    public static FollowedEvent? Read(JsonObject command)
    {
        var powers = command["powerKw"] as JsonArray;
        return command["eventId"]?.GetValue<string>() is { } eventId && Instant(command["startUtc"]) is { } start && Instant(command["endUtc"]) is { } end &&
               Instant(command["planStartUtc"]) is { } planStart && Instant(command["releaseUtc"]) is { } release &&
               command["intervalMinutes"]?.GetValue<int>() is > 0 and var minutes && powers is not null
            ? new FollowedEvent(eventId, start, end, planStart, TimeSpan.FromMinutes(minutes), [.. powers.Select(p => p?.GetValue<double>())], command["setpointC"]?.GetValue<double>(), release)
            : null;
    }

    /// <summary>
    /// The power the command asks for at <paramref name="at"/>; none before the plan, from the release, or where it says
    /// nothing. Past the plan's last interval, until its release, the device is held: it draws nothing it can defer
    /// (0 kW, within its limits: a tank at its comfort floor still heats).
    /// </summary>
    public double? PowerAt(DateTimeOffset at)
    {
        if (at < PlanStart || at >= Release)
        {
            return null;
        }

        var interval = (int)((at - PlanStart) / Interval);
        return interval < PowerKw.Length ? PowerKw[interval] : 0;
    }

    /// <summary>Whether the device is shedding for the event at <paramref name="at"/>: from the start until its release.</summary>
    public bool Holds(DateTimeOffset at) => at >= Start && at < Release;

    private static DateTimeOffset? Instant(JsonNode? node) =>
        DateTimeOffset.TryParse(node?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? instant : null;
}
