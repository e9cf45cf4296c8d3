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
/// customer opted out or overrode the device.
/// </summary>
public sealed class EventSettler(ITelemetryLedgerStore telemetry, IDeviceHabitsStore habits)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>A quarter whose readings covered less than this share of it cannot say what the device drew.</summary>
    public const double MinimumCoverage = 0.9;

    public async Task<DeviceEventSettlement> SettleAsync(DispatchEvent dispatchEvent, DispatchReportDevice device, SettlementEnrolment enrolment, BaselineRule rule,
        TimeZoneInfo zone, IReadOnlySet<DateOnly> excludedDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatchEvent);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(enrolment);
        ArgumentNullException.ThrowIfNull(rule);
        var from = dispatchEvent.StartUtc - TimeSpan.FromDays(LikeDays.LookbackDays + 1);
        var rollups = await telemetry.ReadRollupsAsync(device.DeviceId, RollupResolution.FifteenMinutes, from, dispatchEvent.EndUtc, cancellationToken);
        var history = rollups.Where(r => r.CoveredSeconds >= MinimumCoverage * Interval.TotalSeconds)
            .ToDictionary(r => r.IntervalStart, r => r.EnergyImportedKwh - r.EnergyExportedKwh);
        var profile = (await habits.FindAsync(dispatchEvent.ProgramId, device.DeviceId, cancellationToken))?.Habits.Power;
        var intervals = (int)Math.Ceiling((dispatchEvent.EndUtc - dispatchEvent.StartUtc) / Interval);
        var choice = rule.Choose(new BaselineHistory(history, profile, zone, excludedDays), dispatchEvent.StartUtc, intervals, Interval);
        var actual = Enumerable.Range(0, intervals).Select(k => history.TryGetValue(dispatchEvent.StartUtc + (Interval * k), out var kwh) ? kwh : double.NaN).ToArray();
        return DeviceEventSettlement.Settle(dispatchEvent.EventId, LocalDays.DateOf(dispatchEvent.StartUtc, zone), dispatchEvent.Kind, dispatchEvent.IsTest, Interval,
            choice, actual, enrolment.MaxSwingKw, device.OptedOutUtc ?? device.OverriddenUtc);
    }

    /// <summary>The local days of events that held their devices: not like days for any baseline.</summary>
    public static HashSet<DateOnly> EventDays(IEnumerable<DispatchEvent> events, TimeZoneInfo zone) =>
        [.. (events ?? []).Where(e => e.Holds).Select(e => LocalDays.DateOf(e.StartUtc, zone))];
}
