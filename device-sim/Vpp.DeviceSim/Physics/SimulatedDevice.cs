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
    /// does not reach, as a device would if the cloud went quiet. Commands in the same document take precedence. In the
    /// windows of <c>optOuts</c> (the customer's opt-outs, keyed by id) it follows no schedule and runs on its own.
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

        return applied;
    }

    /// <summary>The scheduled power for <paramref name="at"/> as a fraction of rated power, with this device's draw, if a schedule covers it.</summary>
    private protected ScheduledPower? Scheduled(DateTimeOffset at) =>
        optOuts.Exists(w => w.From <= at && at < w.Until) ? null : intraday?.At(at, DeviceId) ?? dayAhead?.At(at, DeviceId);

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
