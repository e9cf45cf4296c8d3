using Vpp.Application.Dispatch;
using Vpp.Application.Forecasting;
using Vpp.Application.Telemetry;
using Vpp.Domain.Calendar;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Settlement;

/// <summary>
/// Settles one device's part in one event from what was ingested: its quarter-hour energy from the telemetry ledger
/// (net of export; a quarter its readings covered less than <see cref="MinimumCoverage"/> of counts as missing), its
/// learned undispatched draw, and the program's baseline rule with its fallbacks. The event's report says whether the
/// customer opted out or overrode the device, and whether the program released it early: a device the program let go
/// when a lowered target no longer needed it is settled over the event up to its release (through the interval it was
/// released in), so the event's later hours, which it was not asked for, do not count against its performance.
/// </summary>
public sealed class EventSettler(ITelemetryLedgerStore telemetry, IDeviceHabitsStore habits)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>A quarter whose readings covered less than this share of it cannot say what the device drew.</summary>
    public const double MinimumCoverage = 0.9;

    public async Task<DeviceEventSettlement> SettleAsync(DispatchEvent dispatchEvent, DispatchReportDevice device, SettlementEnrolment enrolment, BaselineRule rule,
        TimeZoneInfo zone, HolidayCalendar holidays, IReadOnlySet<DateOnly> excludedDays, CancellationToken cancellationToken) =>
        (await SettleAllAsync(enrolment, [new EventPart(dispatchEvent, device, rule)], zone, holidays, excludedDays, cancellationToken))[0];

    /// <summary>
    /// The device's part in each of its events, from one read of its ledger (from the lookback before the first event
    /// to the end of the last), and of its learned profile only when a baseline falls back for an event it was metered
    /// through: not a read per event.
    /// </summary>
    public async Task<IReadOnlyList<DeviceEventSettlement>> SettleAllAsync(SettlementEnrolment enrolment, IReadOnlyList<EventPart> parts, TimeZoneInfo zone,
        HolidayCalendar holidays, IReadOnlySet<DateOnly> excludedDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            return [];
        }

        var from = parts.Min(p => p.Event.StartUtc) - TimeSpan.FromDays(LikeDays.LookbackDays + 1);
        var rollups = await telemetry.ReadRollupsAsync(enrolment.DeviceId, RollupResolution.FifteenMinutes, from, parts.Max(p => p.Event.EndUtc), cancellationToken);
        var history = rollups.Where(r => r.CoveredSeconds >= MinimumCoverage * Interval.TotalSeconds)
            .ToDictionary(r => r.IntervalStart, r => r.EnergyImportedKwh - r.EnergyExportedKwh);
        var settled = Settle(parts, new BaselineHistory(history, null, zone, holidays, excludedDays));

        // The learned profile is read only when the program's method lacked what it needs for an event the device was
        // metered through: a device with its like days costs no read of its habits, nor does one that was not metered
        // (it delivered nothing, whatever its baseline).
        if (settled.Any(s => s.Choice.FallbackReason is not null && Array.TrueForAll(s.ActualKwh, double.IsFinite)))
        {
            var profile = (await habits.FindAsync(parts[0].Event.ProgramId, enrolment.DeviceId, cancellationToken))?.Habits.Power;
            if (profile is not null)
            {
                settled = Settle(parts, new BaselineHistory(history, profile, zone, holidays, excludedDays));
            }
        }

        return [.. settled.Select(s => DeviceEventSettlement.Settle(s.Part.Event.EventId, LocalDays.DateOf(s.Part.Event.StartUtc, zone), s.Part.Event.Kind, s.Part.Event.IsTest, Interval,
            s.Choice, s.ActualKwh, enrolment.MaxSwingKw, s.Part.Device.OptedOutUtc ?? s.Part.Device.OverriddenUtc))];
    }

    private static (EventPart Part, BaselineChoice Choice, double[] ActualKwh)[] Settle(IReadOnlyList<EventPart> parts, BaselineHistory history) =>
    [
        .. parts.Select(part =>
        {
            var end = part.Device.ReleasedUtc is { } released && released < part.Event.EndUtc ? released : part.Event.EndUtc;
            var intervals = (int)Math.Ceiling((end - part.Event.StartUtc) / Interval);
            var actual = Enumerable.Range(0, intervals).Select(k => history.IntervalKwh.TryGetValue(part.Event.StartUtc + (Interval * k), out var kwh) ? kwh : double.NaN).ToArray();
            return (part, part.Rule.Choose(history, part.Event.StartUtc, intervals, Interval), actual);
        }),
    ];

    /// <summary>The local days of events that held their devices: not like days for any baseline.</summary>
    public static HashSet<DateOnly> EventDays(IEnumerable<DispatchEvent> events, TimeZoneInfo zone) =>
        [.. (events ?? []).Where(e => e.Holds).Select(e => LocalDays.DateOf(e.StartUtc, zone))];
}
