using Vpp.Application.Telemetry;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Builds an event's report from the commanded devices' 15-minute telemetry rollups and their planned baselines: each
/// device's delivered kW in an interval is its baseline less its mean power there (in the event's direction), its kWh
/// that times the part of the interval inside the event. A device without telemetry in an interval delivered nothing
/// there that can be shown. The rebound covers the release window and as long again after it; past the plan a device's
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
        // A cancelled event's window ends when it was cancelled.
        var end = dispatchEvent.Status == DispatchEventStatus.Cancelled ? Min(dispatchEvent.EndUtc, dispatchEvent.History[^1].AtUtc) : dispatchEvent.EndUtc;
        var windowStarts = Starts(dispatchEvent.StartUtc, end);
        var reboundStarts = Starts(end, end + (2 * Max(releaseWindow, Interval)));

        var devices = new List<DispatchReportDevice>();
        var rebound = new List<IReadOnlyList<DispatchReportInterval>>();
        foreach (var assignment in assignments)
        {
            var commanded = shed.Contains(assignment.DeviceId);
            var rollups = commanded
                ? (await telemetry.ReadRollupsAsync(assignment.DeviceId, RollupResolution.FifteenMinutes, windowStarts[0], reboundStarts[^1] + Interval, cancellationToken)).ToDictionary(r => r.IntervalStart)
                : [];
            var intervals = windowStarts.Select(s => Row(assignment, rollups.GetValueOrDefault(s), s, direction, Overlap(s, dispatchEvent.StartUtc, end))).ToList();
            devices.Add(new DispatchReportDevice(assignment.DeviceId, assignment.CustomerId, assignment.Type, assignment.Role, commanded, assignment.OptedOutUtc,
                assignment.OverriddenUtc, Math.Round(intervals.Sum(i => i.DeliveredKwh), 4), intervals, assignment.ReleasedUtc));
            if (commanded)
            {
                rebound.Add([.. reboundStarts.Select(s => Row(assignment, rollups.GetValueOrDefault(s), s, direction, 0))]);
            }
        }

        var totals = Sum(windowStarts, devices.Where(d => d.Commanded).Select(d => d.Intervals).ToList());
        var reboundTotals = Sum(reboundStarts, rebound);
        // Reported as it ends: the orchestration completes the event once the report is stored.
        var outcome = dispatchEvent.Status == DispatchEventStatus.Cancelled ? DispatchEventStatus.Cancelled : DispatchEventStatus.Completed;
        var report = new DispatchReport(eventId, programId, dispatchEvent.Kind, dispatchEvent.IsTest, outcome, dispatchEvent.StartUtc, end, dispatchEvent.TargetKw,
            (int)Interval.TotalMinutes, devices.Count(d => d.Commanded && d.Role == DispatchRole.Participant), devices.Count(d => d.Commanded && d.Role == DispatchRole.Reserve),
            devices.Count(d => d.OptedOutUtc is not null), devices.Count(d => d.OverriddenUtc is not null),
            Math.Round(totals.Sum(t => t.DeliveredKwh), 3), Math.Round(totals.Sum(t => t.DeliveredKwh) / Math.Max((end - dispatchEvent.StartUtc).TotalHours, 1e-9), 3),
            reboundTotals.Count == 0 ? 0 : reboundTotals.Max(t => t.MeasuredKw), totals.Max(t => t.BaselineKw),
            totals, reboundTotals, devices, clock.GetUtcNow());
        await reports.SaveAsync(report, cancellationToken);
        return report;
    }

    private static DispatchReportInterval Row(DispatchAssignment assignment, TelemetryRollup? rollup, DateTimeOffset start, int direction, double hoursInside)
    {
        var grid = new List<DateTimeOffset>();
        for (var s = start; s < start + Interval; s += assignment.Interval)
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

    private static List<DispatchReportInterval> Sum(List<DateTimeOffset> starts, List<IReadOnlyList<DispatchReportInterval>> rows) =>
        [.. starts.Select((s, i) => new DispatchReportInterval(s,
            Math.Round(rows.Sum(r => r[i].BaselineKw), 3), Math.Round(rows.Sum(r => r[i].MeasuredKw), 3), Math.Round(rows.Sum(r => r[i].DeliveredKw), 3),
            Math.Round(rows.Sum(r => r[i].DeliveredKwh), 3), rows.Sum(r => r[i].Reporting)))];

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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
