using Vpp.Application.Devices;
using Vpp.Application.Participation;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Reads about events as they run and after: an event's plan and minute-by-minute delivery, its report, the events a
/// device is part of (its customer may read them), and the running events an opt-out concerns.
/// </summary>
public sealed class DispatchQueryService(
    IDispatchEventStore events, IDispatchPlanStore plans, IDispatchDeliveryStore deliveries, IDispatchReportStore reports, IDeviceCommandLedger ledger, IDeviceRegistry registry)
{
    public async Task<(DispatchPlan? Plan, IReadOnlyList<DeliveryMinute> Delivery)> LiveAsync(string eventId, CancellationToken cancellationToken) =>
        (await plans.FindAsync(eventId, cancellationToken), await deliveries.ListAsync(eventId, cancellationToken));

    public Task<DispatchReport?> ReportAsync(string programId, string eventId, CancellationToken cancellationToken) => reports.FindAsync(programId, eventId, cancellationToken);

    /// <summary>
    /// The events of the device's types (and feeder) starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>)
    /// that hold it, with its part in each; null (and <c>Forbidden</c>) when the requester may not read the device.
    /// </summary>
    public async Task<(DeviceRegistration? Device, IReadOnlyList<DeviceEventParticipation> Events, bool Forbidden)> ForDeviceAsync(
        string deviceId, Requester requester, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var device = await registry.FindAsync(deviceId, cancellationToken);
        if (device is null || !requester.MayAct(device.CustomerId))
        {
            return (null, [], requester.IsCustomer);
        }

        var listed = new List<DeviceEventParticipation>();
        foreach (var dispatchEvent in (await events.ListStartingAsync(device.ProgramId, fromUtc, toUtc, cancellationToken)).Where(e => e.Holds && DispatchPlanning.Takes(e, device)))
        {
            var part = await plans.FindAssignmentAsync(dispatchEvent.EventId, deviceId, cancellationToken);
            var commanded = part is not null && (await ledger.FindAsync(dispatchEvent.EventId, DispatchStep.Shed, [deviceId], cancellationToken)).ContainsKey(deviceId);
            var delivered = dispatchEvent.IsOver ? (await reports.FindDeviceAsync(dispatchEvent.EventId, deviceId, cancellationToken))?.DeliveredKwh : null;
            listed.Add(new DeviceEventParticipation(dispatchEvent, part, commanded, delivered));
        }

        return (device, listed, false);
    }

    /// <summary>The events not yet over that take the device and overlap [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>): those an opt-out concerns.</summary>
    public async Task<IReadOnlyList<DispatchEvent>> RunningForDeviceAsync(string deviceId, DateTimeOffset fromUtc, DateTimeOffset untilUtc, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(deviceId, cancellationToken) is not { } device)
        {
            return [];
        }

        // An event overlapping the window started at most its longest length before it.
        var starting = await events.ListStartingAsync(device.ProgramId, fromUtc - DispatchRules.MaxDuration, untilUtc, cancellationToken);
        return [.. starting.Where(e => !e.IsOver && e.Holds && e.StartUtc < untilUtc && e.EndUtc > fromUtc && DispatchPlanning.Takes(e, device))];
    }
}
