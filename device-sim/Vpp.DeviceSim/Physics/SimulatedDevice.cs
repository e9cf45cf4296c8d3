using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Physics;

/// <summary>
/// One simulated home device. Each step advances its physics by one reporting interval and returns what it measured;
/// desired properties are applied at the next step, within the device's physical and comfort limits.
/// </summary>
public abstract class SimulatedDevice(string deviceId, SiteEnvironment site, double baseLoadKw, double pvKw)
{
    public string DeviceId { get; } = deviceId;

    public SiteEnvironment Site { get; } = site;

    public double BaseLoadKw { get; } = baseLoadKw;

    public double PvKw { get; } = pvKw;

    public abstract DeviceType Type { get; }

    public abstract DeviceRatings Ratings { get; }

    private FollowedSchedule? intraday;
    private FollowedSchedule? dayAhead;
    private FollowedEvent? dispatchEvent;
    private List<(DateTimeOffset From, DateTimeOffset Until)> optOuts = [];

    /// <summary>The desired-property version last applied; the hub's long-poll asks for anything newer.</summary>
    public long DesiredVersion { get; set; }

    /// <summary>What the device applied from the last desired patch (reported back to the twin).</summary>
    public JsonObject? PendingReport { get; set; }

    public Reading Step(DateTimeOffset start, double dtSeconds)
    {
        var solarKw = PvKw * Site.SolarFraction(start, dtSeconds);
        var householdKw = BaseLoadKw * SiteEnvironment.BaseLoadShape(Site.LocalHour(start)) * (0.85 + (0.3 * Site.Random.NextDouble()));
        var reading = Advance(start, dtSeconds, householdKw - solarKw);
        return reading with { SolarKw = PvKw > 0 ? Math.Round(solarKw, 3) : null, SiteNetKw = Math.Round(householdKw - solarKw + reading.PowerKw, 3) };
    }

    /// <summary>Physics for one interval; <paramref name="householdNetKw"/> is the home's load less its solar.</summary>
    protected abstract Reading Advance(DateTimeOffset start, double dtSeconds, double householdNetKw);

    /// <summary>
    /// Takes a desired-property document; returns what was applied (clamped to limits). A <c>schedule</c> (the program's
    /// rolling plan as a power fraction per interval for each device type) is kept and followed from its start; a
    /// <c>dayAheadSchedule</c> (the plan committed the day before) is kept too and followed wherever the rolling plan
    /// does not reach, as a device would if the cloud went quiet. Commands in the same document take precedence. A
    /// <c>dispatchEvent</c> command is followed before either schedule until its release (docs/device-twin.md). In the
    /// windows of <c>optOuts</c> (the customer's opt-outs, keyed by id) it follows no schedule or event and runs on its own.
    /// </summary>
    public JsonObject ApplyDesired(JsonObject desired)
    {
        var applied = ApplyCommands(desired);
        optOuts = OptOutWindows(desired["optOuts"] as JsonObject);
        applied["optOuts"] = optOuts.Count;
        if (desired["schedule"] is JsonObject schedule && FollowedSchedule.Read(schedule, Type) is { } rolling)
        {
            intraday = rolling;
            applied["schedulePlanId"] = rolling.PlanId;
        }

        if (desired["dayAheadSchedule"] is JsonObject committed && FollowedSchedule.Read(committed, Type) is { } plan)
        {
            dayAhead = plan;
            applied["dayAheadPlanId"] = plan.PlanId;
        }

        dispatchEvent = desired["dispatchEvent"] is JsonObject command ? FollowedEvent.Read(command) : null;
        applied["dispatchEventCommandId"] = dispatchEvent is null ? null : desired["dispatchEvent"]?["commandId"]?.GetValue<string>();
        return applied;
    }

    /// <summary>
    /// The share of households that override an event at the device (a thermostat's setpoint put back); each decides by
    /// its draw for the event, and overrides at a moment of it drawn the same way, so a restart changes nothing.
    /// </summary>
    protected virtual double OverrideShare => 0;

    /// <summary>Whether the household has overridden the event it follows by <paramref name="at"/>.</summary>
    private protected bool Overridden(DateTimeOffset at) =>
        dispatchEvent is { } followed && followed.Holds(at) &&
        DispatchDraw.Uniform(DeviceId, followed.EventId + "/override", followed.Start) < OverrideShare &&
        at >= followed.Start + ((followed.End - followed.Start) * DispatchDraw.Uniform(DeviceId, followed.EventId + "/override-at", followed.Start));

    /// <summary>The setpoint an event has a thermostat hold at <paramref name="at"/>; none outside it, opted out or overridden.</summary>
    private protected double? EventSetpointC(DateTimeOffset at) =>
        dispatchEvent is { SetpointC: { } setpoint } followed && followed.Holds(at) && !OptedOut(at) && !Overridden(at) ? setpoint : null;

    private bool OptedOut(DateTimeOffset at) => optOuts.Exists(w => w.From <= at && at < w.Until);

    /// <summary>The draw an event's command is followed with: an on/off device runs at half its rating or more.</summary>
    private const double EventDraw = 0.5;

    /// <summary>The power a device can draw or give, to turn an event's kW into a fraction of it.</summary>
    private double RatedKw => Math.Max(Ratings.MaxImportKw, Ratings.MaxExportKw);

    /// <summary>
    /// The scheduled power for <paramref name="at"/> as a fraction of rated power, with this device's draw: an event's
    /// command first (until the household overrides it), else the rolling schedule, else the day-ahead one; none in an
    /// opt-out window.
    /// </summary>
    private protected ScheduledPower? Scheduled(DateTimeOffset at)
    {
        if (OptedOut(at))
        {
            return null;
        }

        // An event's power is this device's own, not a share of a fleet's: an on/off device runs when it is commanded at
        // least half its rating; below that it sheds, still keeping to its limits (a tank held at its floor heats to hold it).
        if (dispatchEvent is { } followed && !Overridden(at) && followed.PowerAt(at) is { } commandedKw && RatedKw > 0)
        {
            return new ScheduledPower(Math.Clamp(commandedKw / RatedKw, -1, 1), EventDraw);
        }

        return Overridden(at) ? null : intraday?.At(at, DeviceId) ?? dayAhead?.At(at, DeviceId);
    }

    /// <summary>The windows of the <c>optOuts</c> desired property; an entry it cannot read is left out.</summary>
    private static List<(DateTimeOffset From, DateTimeOffset Until)> OptOutWindows(JsonObject? optOuts)
    {
        var windows = new List<(DateTimeOffset, DateTimeOffset)>();
        foreach (var (_, window) in optOuts ?? [])
        {
            if (DateTimeOffset.TryParse(window?["fromUtc"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) &&
                DateTimeOffset.TryParse(window?["untilUtc"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
            {
                windows.Add((from, until));
            }
        }

        return windows;
    }

    /// <summary>Applies the type's own commands; returns what was applied.</summary>
    protected abstract JsonObject ApplyCommands(JsonObject desired);
}
