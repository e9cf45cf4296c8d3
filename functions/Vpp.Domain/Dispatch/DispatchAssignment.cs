using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// One device's part in an event, on the plan's grid (from <see cref="PlanStartUtc"/>, <see cref="IntervalMinutes"/>
/// each, through the event's end): the power it is to draw (<see cref="PowerKw"/>, load convention), what it would draw
/// undispatched (<see cref="BaselineKw"/>, the event's baseline for it) and the least it can draw within its limits
/// through the end (<see cref="FloorKw"/>: comfort, backup reserve, the car's need by departure; its plan moved down
/// evenly from the start, <see cref="Optimization.FlexibleDevice.FloorFrom"/>, so a battery deepened mid-way still
/// sheds in the last interval). A thermostat holds
/// <see cref="SetpointC"/> while it sheds. After the plan's last interval it is held (draws nothing it can defer) until its release,
/// <see cref="ReleaseAfter"/> the event's end (<see cref="ReleaseSchedule"/>). A device leaves the event's control when
/// its customer opts out or overrides it at the device, or when a manager lowers the target during the event and it is
/// released early (<see cref="SurplusRelease"/>); it stays in the record with when. A part a shortfall correction
/// changed (a reserve called, a part deepened) carries that correction's number.
/// </summary>
public sealed record DispatchAssignment(
    string DeviceId,
    string? CustomerId,
    DeviceType Type,
    DispatchRole Role,
    DateTimeOffset PlanStartUtc,
    int IntervalMinutes,
    IReadOnlyList<double> PowerKw,
    IReadOnlyList<double> BaselineKw,
    IReadOnlyList<double> FloorKw,
    double? SetpointC,
    DateTimeOffset? OptedOutUtc = null,
    DateTimeOffset? OverriddenUtc = null,
    TimeSpan ReleaseAfter = default,
    int? Correction = null,
    DateTimeOffset? ReleasedUtc = null)
{
    /// <summary>Power a plan moves by less than this is no command: meters and models are not finer.</summary>
    public const double CommandToleranceKw = 0.05;

    /// <summary>A thermostat reporting a setpoint this far from the commanded one was changed at the device.</summary>
    public const double SetpointToleranceC = 0.25;

    public TimeSpan Interval => TimeSpan.FromMinutes(IntervalMinutes);

    public DateTimeOffset PlanEndUtc => PlanStartUtc + (Interval * PowerKw.Count);

    /// <summary>Whether the program still controls it: not opted out, not overridden, not released early.</summary>
    public bool InControl => OptedOutUtc is null && OverriddenUtc is null && ReleasedUtc is null;

    /// <summary>Whether it was released early before <paramref name="instant"/>: from then on it is no longer the event's.</summary>
    public bool ReleasedBefore(DateTimeOffset instant) => ReleasedUtc is { } released && released <= instant;

    /// <summary>The grid interval holding <paramref name="instant"/>; -1 outside the plan.</summary>
    public int IndexOf(DateTimeOffset instant) =>
        instant < PlanStartUtc || instant >= PlanEndUtc ? -1 : (int)((instant - PlanStartUtc) / Interval);

    public double BaselineKwAt(DateTimeOffset instant) => IndexOf(instant) is >= 0 and var t ? BaselineKw[t] : 0;

    public double PlannedKwAt(DateTimeOffset instant) => IndexOf(instant) is >= 0 and var t ? PowerKw[t] : 0;

    /// <summary>Whether its plan moves it before <paramref name="startUtc"/> (pre-cooling, heating a tank, topping up a battery).</summary>
    public bool PreconditionsBefore(DateTimeOffset startUtc) =>
        Enumerable.Range(0, PowerKw.Count).Any(t => PlanStartUtc + (Interval * t) < startUtc && Math.Abs(PowerKw[t] - BaselineKw[t]) > CommandToleranceKw);

    /// <summary>Its planned change of load over [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>): mean kW, positive for less load.</summary>
    public double MeanShedKw(DateTimeOffset fromUtc, DateTimeOffset untilUtc)
    {
        var window = Enumerable.Range(0, PowerKw.Count).Where(t => PlanStartUtc + (Interval * t) >= fromUtc && PlanStartUtc + (Interval * t) < untilUtc).ToList();
        return window.Count == 0 ? 0 : window.Average(t => BaselineKw[t] - PowerKw[t]);
    }

    /// <summary>Its planned change of load at <paramref name="instant"/>: kW, positive for less load; 0 outside the plan.</summary>
    public double ShedKwAt(DateTimeOffset instant) => BaselineKwAt(instant) - PlannedKwAt(instant);

    /// <summary>
    /// The same part, shedding all it can from <paramref name="fromUtc"/> on: its power at its floor, for correction
    /// <paramref name="correction"/>. The interval under way is deepened too (its floor holds for the whole interval, so
    /// for what is left of it as well): a shortfall is now, and waiting for the next interval would leave it uncovered.
    /// </summary>
    public DispatchAssignment Deepened(DateTimeOffset fromUtc, int correction) => this with
    {
        Correction = correction,
        PowerKw = [.. PowerKw.Select((p, t) => PlanStartUtc + (Interval * (t + 1)) > fromUtc ? Math.Min(p, FloorKw[t]) : p)],
    };

    /// <summary>
    /// This part, deepened for correction <paramref name="correction"/> (<see cref="Deepened"/>); null when the program no
    /// longer controls it or a correction as late or later already changed it: a retried or late correction undoes nothing.
    /// </summary>
    public DispatchAssignment? DeepenedFor(DateTimeOffset fromUtc, int correction) =>
        InControl && (Correction is not { } made || made < correction) ? Deepened(fromUtc, correction) : null;

    /// <summary>This part opted out by its customer from <paramref name="instant"/>; null when it already left the event's control (the first departure stands).</summary>
    public DispatchAssignment? OptedOutFrom(DateTimeOffset instant) => InControl ? this with { OptedOutUtc = instant } : null;

    /// <summary>This part overridden at the device from <paramref name="instant"/>; null when it already left the event's control.</summary>
    public DispatchAssignment? OverriddenFrom(DateTimeOffset instant) => InControl ? this with { OverriddenUtc = instant } : null;

    /// <summary>This part released early at <paramref name="instant"/>; null when it already left the event's control.</summary>
    public DispatchAssignment? ReleasedFrom(DateTimeOffset instant) => InControl ? this with { ReleasedUtc = instant } : null;

    /// <summary>
    /// Whether this part, written over <paramref name="stored"/> (or, when null, the part removed), keeps what was recorded
    /// on the stored one since it was planned: its departure from control and the correction that deepened it. A plan
    /// that would drop one read the part before another writer changed it.
    /// </summary>
    public static bool KeepsChanges(DispatchAssignment stored, DispatchAssignment? written)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Kept(stored.OptedOutUtc, written?.OptedOutUtc) && Kept(stored.OverriddenUtc, written?.OverriddenUtc)
               && Kept(stored.ReleasedUtc, written?.ReleasedUtc) && (stored.Correction is null || stored.Correction == written?.Correction);

        static bool Kept(DateTimeOffset? recorded, DateTimeOffset? written) => recorded is null || recorded == written;
    }

    /// <summary>Whether a reading shows the customer changed it at the device: a thermostat holding another setpoint than commanded.</summary>
    public bool IsOverriddenBy(in LatestReading reading) =>
        Type == DeviceType.Thermostat && SetpointC is { } commanded && reading.SetpointC is { } reported && Math.Abs(reported - commanded) > SetpointToleranceC;
}
