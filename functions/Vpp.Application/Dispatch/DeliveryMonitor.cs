using Vpp.Application.Devices;
using Vpp.Application.Participation;
using Vpp.Application.Telemetry;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Fleet;
using Vpp.Domain.Participation;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Measures an event's delivery for one minute from ingested telemetry: over the devices commanded to shed (those that
/// left control too: what they stopped delivering is a shortfall to cover), the sum of their baselines less the sum of
/// their latest readings, in the event's direction. A device counts while it is online by the fleet's rule (it reported
/// within three of its intervals: a device reporting every five minutes is as current as its cadence allows), judged at
/// the time ingestion has caught up to (<see cref="IngestionWatermark"/>: a backlog is not a shortfall to cover), and not
/// at all after that. A device released early (a target lowered during the event) is no longer the event's from its
/// release. A thermostat reporting another setpoint than commanded was overridden by its household: it is marked and
/// recorded as an opt-out until the event ends; a device its customer opted out is marked too.
/// </summary>
public sealed class DeliveryMonitor(
    IDispatchEventStore events,
    IDispatchPlanStore plans,
    IDeviceCommandLedger ledger,
    IDeviceRegistry registry,
    IIngestionProgressStore ingestion,
    IOptOutStore optOuts,
    IDispatchDeliveryStore deliveries)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public async Task<DeliveryMinute> MeasureAsync(DeliveryMeasurement measurement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var dispatchEvent = await events.FindAsync(measurement.ProgramId, measurement.EventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{measurement.EventId}' does not exist.");
        var plan = await plans.FindAsync(measurement.EventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{measurement.EventId}' has no plan.");
        var shed = await ledger.SentAsync(measurement.EventId, DispatchStep.Shed, cancellationToken);
        var minuteStart = measurement.MinuteEndUtc - Minute;
        var commanded = (await plans.ListAsync(measurement.EventId, cancellationToken)).Where(a => shed.Contains(a.DeviceId) && !a.ReleasedBefore(minuteStart)).ToList();
        var fleet = (await registry.ListFleetAsync(measurement.ProgramId, cancellationToken)).ToDictionary(d => d.Registration.DeviceId, StringComparer.Ordinal);
        var optedOut = (await optOuts.ListOverlappingAsync(measurement.ProgramId, minuteStart, measurement.MinuteEndUtc, cancellationToken))
            .Where(o => o.WithdrawnUtc is null).Select(o => o.DeviceId).ToHashSet(StringComparer.Ordinal);

        var watermark = await ingestion.WatermarkAsync(measurement.MinuteEndUtc, cancellationToken);
        double baselineKw = 0, measuredKw = 0;
        var intervals = new List<int>();
        var leaving = new List<string>();
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in commanded)
        {
            var device = fleet.GetValueOrDefault(assignment.DeviceId);
            var reading = device?.Latest;
            if (assignment.InControl && optedOut.Contains(assignment.DeviceId))
            {
                leaving.Add(assignment.DeviceId);
            }
            else if (assignment.InControl && reading is { } overriding && overriding.Timestamp >= dispatchEvent.StartUtc + Minute && assignment.IsOverriddenBy(overriding))
            {
                leaving.Add(assignment.DeviceId);
                overridden.Add(assignment.DeviceId);
            }

            if (device is null || reading is not { } fresh || watermark.StatusOf(device) != DeviceStatus.Online)
            {
                continue;
            }

            intervals.Add(fresh.IntervalSeconds);
            baselineKw += assignment.BaselineKwAt(fresh.Timestamp);
            measuredKw += fresh.PowerKw;
        }

        foreach (var deviceId in overridden)
        {
            // Recorded as the customer's opt-out for the rest of the event; the id makes a retried minute record it once.
            await optOuts.SaveAsync(new OptOut($"oo-{dispatchEvent.EventId}-override", dispatchEvent.ProgramId, deviceId, minuteStart,
                Max(dispatchEvent.EndUtc, minuteStart + Minute), $"overridden at the device during event {dispatchEvent.EventId}", "device", minuteStart), cancellationToken);
        }

        var changed = leaving.Count == 0 ? [] : await plans.ChangeAsync(measurement.EventId, leaving,
            a => overridden.Contains(a.DeviceId) ? a.OverriddenFrom(minuteStart) : a.OptedOutFrom(minuteStart), cancellationToken);

        var delivered = DispatchPlanning.Direction(dispatchEvent.Kind) * (baselineKw - measuredKw);
        var minute = new DeliveryMinute(measurement.EventId, measurement.MinuteEndUtc, Math.Round(dispatchEvent.TargetKw ?? plan.PlannedShedKw, 3), Math.Round(baselineKw, 3),
            Math.Round(measuredKw, 3), Math.Round(delivered, 3), intervals.Count, commanded.Count, changed.Count(a => a.OverriddenUtc == minuteStart), changed.Count(a => a.OptedOutUtc == minuteStart),
            Median(intervals));
        await deliveries.SaveAsync(minute, cancellationToken);
        return minute;
    }

    private static int Median(List<int> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
