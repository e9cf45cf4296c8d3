using Vpp.Application.Telemetry;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Builds an event's report from the commanded devices' 15-minute telemetry rollups and their planned baselines: each
/// device's delivered kW in an interval is its baseline less its mean power there (in the event's direction), its kWh
/// that times the part of the interval inside the event. A device without telemetry in an interval delivered nothing
/// there that can be shown. A device released early (a target lowered during the event no longer needing it) is the
/// event's only until its release, as the delivery watch and settlement take it: the interval holding the release counts
/// its minutes before, and the totals weigh it by that share of the interval; later intervals show what it drew but
/// count nothing delivered. The rebound covers the release window and as long again after it; past the plan a device's
/// baseline is taken as its last planned one, as the release schedule takes it.
/// </summary>
public sealed class DispatchReporter(IDispatchEventStore events, IDispatchPlanStore plans, IDeviceCommandLedger ledger, ITelemetryLedgerStore telemetry, IDispatchReportStore reports, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    public async Task<DispatchReport> ReportAsync(string programId, string eventId, TimeSpan releaseWindow, CancellationToken cancellationToken)
    {
        var dispatchEvent = await events.FindAsync(programId, eventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{eventId}' does not exist.");
        var assignments = await plans.ListAsync(eventId, cancellationToken);
        var shed = await ledger.SentAsync(eventId, DispatchStep.Shed, cancellationToken);
        var direction = DispatchPlanning.Direction(dispatchEvent.Kind);
        // A cancelled or failed event's window ends when it was called off.
        var calledOff = dispatchEvent.Status is DispatchEventStatus.Cancelled or DispatchEventStatus.Failed;
        var end = calledOff ? Min(dispatchEvent.EndUtc, dispatchEvent.History[^1].AtUtc) : dispatchEvent.EndUtc;
        var windowStarts = Starts(dispatchEvent.StartUtc, end);
        var reboundStarts = Starts(end, end + (2 * Max(releaseWindow, Interval)));

        var devices = new List<DispatchReportDevice>();
        var held = new List<HeldShare>();
        var rebound = new List<HeldShare>();
        foreach (var assignment in assignments)
        {
            var commanded = shed.Contains(assignment.DeviceId);
            var rollups = commanded
                ? (await telemetry.ReadRollupsAsync(assignment.DeviceId, RollupResolution.FifteenMinutes, windowStarts[0], reboundStarts[^1] + Interval, cancellationToken)).ToDictionary(r => r.IntervalStart)
                : [];
            var heldUntil = assignment.ReleasedUtc is { } released && released < end ? released : end;
            var releasedIn = TelemetryRollup.IntervalStartOf(heldUntil, RollupResolution.FifteenMinutes);
            var beforeRelease = commanded && heldUntil < end && heldUntil > releasedIn ? await MinutesBeforeAsync(assignment.DeviceId, releasedIn, heldUntil, cancellationToken) : null;
            var intervals = windowStarts.Select(s => s >= heldUntil
                    ? Row(assignment, rollups.GetValueOrDefault(s), s, s + Interval, direction, 0) with { DeliveredKw = 0 }
                    : s == releasedIn && heldUntil < end
                        ? Row(assignment, beforeRelease, s, heldUntil, direction, Overlap(s, dispatchEvent.StartUtc, heldUntil))
                        : Row(assignment, rollups.GetValueOrDefault(s), s, s + Interval, direction, Overlap(s, dispatchEvent.StartUtc, end)))
                .ToList();
            devices.Add(new DispatchReportDevice(assignment.DeviceId, assignment.CustomerId, assignment.Type, assignment.Role, commanded, assignment.OptedOutUtc,
                assignment.OverriddenUtc, Math.Round(intervals.Sum(i => i.DeliveredKwh), 4), intervals, assignment.ReleasedUtc));
            if (commanded)
            {
                held.Add(new HeldShare(intervals, [.. windowStarts.Select(s => Share(s, dispatchEvent.StartUtc, end, heldUntil))]));
                rebound.Add(new HeldShare([.. reboundStarts.Select(s => Row(assignment, rollups.GetValueOrDefault(s), s, s + Interval, direction, 0))], [.. reboundStarts.Select(_ => 1.0)]));
            }
        }

        var totals = Sum(windowStarts, held);
        var reboundTotals = Sum(reboundStarts, rebound);
        // Reported as it ends: the orchestration completes the event once the report is stored.
        var outcome = calledOff ? dispatchEvent.Status : DispatchEventStatus.Completed;
        var report = new DispatchReport(eventId, programId, dispatchEvent.Kind, dispatchEvent.IsTest, outcome, dispatchEvent.StartUtc, end, dispatchEvent.TargetKw,
            (int)Interval.TotalMinutes, devices.Count(d => d.Commanded && d.Role == DispatchRole.Participant), devices.Count(d => d.Commanded && d.Role == DispatchRole.Reserve),
            devices.Count(d => d.OptedOutUtc is not null), devices.Count(d => d.OverriddenUtc is not null),
            Math.Round(totals.Sum(t => t.DeliveredKwh), 3), Math.Round(totals.Sum(t => t.DeliveredKwh) / Math.Max((end - dispatchEvent.StartUtc).TotalHours, 1e-9), 3),
            reboundTotals.Count == 0 ? 0 : reboundTotals.Max(t => t.MeasuredKw), totals.Max(t => t.BaselineKw),
            totals, reboundTotals, devices, clock.GetUtcNow());
        await reports.SaveAsync(report, cancellationToken);
        return report;
    }

    /// <summary>The device's telemetry from <paramref name="from"/> until its release, summed from its one-minute rollups.</summary>
    private async Task<TelemetryRollup> MinutesBeforeAsync(string deviceId, DateTimeOffset from, DateTimeOffset releasedUtc, CancellationToken cancellationToken)
    {
        var minutes = await telemetry.ReadRollupsAsync(deviceId, RollupResolution.OneMinute, from, releasedUtc, cancellationToken);
        return new TelemetryRollup(RollupResolution.FifteenMinutes, from)
        {
            EnergyImportedKwh = minutes.Sum(m => m.EnergyImportedKwh),
            EnergyExportedKwh = minutes.Sum(m => m.EnergyExportedKwh),
            CoveredSeconds = minutes.Sum(m => m.CoveredSeconds),
        };
    }

    /// <summary>
    /// The device's row for the interval from <paramref name="start"/>: its baseline averaged over the plan's grid
    /// before <paramref name="until"/>, and what its telemetry there says it delivered.
    /// </summary>
    private static DispatchReportInterval Row(DispatchAssignment assignment, TelemetryRollup? rollup, DateTimeOffset start, DateTimeOffset until, int direction, double hoursInside)
    {
        var grid = new List<DateTimeOffset>();
        for (var s = start; s < until; s += assignment.Interval)
        {
            grid.Add(s);
        }

        var baseline = grid.Average(t => t < assignment.PlanEndUtc ? assignment.BaselineKwAt(t) : assignment.BaselineKw[^1]);
        if (rollup is not { CoveredSeconds: > 0 })
        {
            return new DispatchReportInterval(start, Math.Round(baseline, 3), 0, 0, 0, 0);
        }

        var delivered = direction * (baseline - rollup.MeanPowerKw);
        return new DispatchReportInterval(start, Math.Round(baseline, 3), Math.Round(rollup.MeanPowerKw, 3), Math.Round(delivered, 3), Math.Round(delivered * hoursInside, 4), 1);
    }

    /// <summary>The fleet's rows: each device's mean kW weighed by the share of the interval it was the event's.</summary>
    private static List<DispatchReportInterval> Sum(List<DateTimeOffset> starts, List<HeldShare> devices) =>
        [.. starts.Select((s, i) => new DispatchReportInterval(s,
            Math.Round(devices.Sum(d => d.Rows[i].BaselineKw * d.Shares[i]), 3), Math.Round(devices.Sum(d => d.Rows[i].MeasuredKw * d.Shares[i]), 3),
            Math.Round(devices.Sum(d => d.Rows[i].DeliveredKw * d.Shares[i]), 3), Math.Round(devices.Sum(d => d.Rows[i].DeliveredKwh), 3),
            devices.Count(d => d.Shares[i] > 0 && d.Rows[i].Reporting > 0)))];

    private static List<DateTimeOffset> Starts(DateTimeOffset from, DateTimeOffset until)
    {
        var starts = new List<DateTimeOffset>();
        for (var s = TelemetryRollup.IntervalStartOf(from, RollupResolution.FifteenMinutes); s < until; s += Interval)
        {
            starts.Add(s);
        }

        return starts.Count > 0 ? starts : [TelemetryRollup.IntervalStartOf(from, RollupResolution.FifteenMinutes)];
    }

    private static double Overlap(DateTimeOffset start, DateTimeOffset from, DateTimeOffset until) =>
        Math.Max(0, (Min(start + Interval, until) - Max(start, from)).TotalHours);

    /// <summary>The share of the interval's time in the event that the device was held; an interval without such time counts whole.</summary>
    private static double Share(DateTimeOffset start, DateTimeOffset from, DateTimeOffset until, DateTimeOffset heldUntil) =>
        Overlap(start, from, until) is > 0 and var inside ? Overlap(start, from, heldUntil) / inside : 1;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>A commanded device's rows and, per row, the share of the interval's time in the event it was the event's.</summary>
    private sealed record HeldShare(IReadOnlyList<DispatchReportInterval> Rows, IReadOnlyList<double> Shares);
}
