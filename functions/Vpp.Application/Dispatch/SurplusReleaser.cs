using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Releases early the parts an event no longer needs after a manager lowered its target during the event
/// (<see cref="SurplusRelease"/>): each is sent the restore command, released at the same offset from now as its
/// fitted release after the end, so the early releases are staggered too. The pick is stored (each part carries when it
/// was released) before any device hears of it, so a retried release resumes it and releases no one extra; the restore
/// at the end skips them (one command per device and step). Returns how many were released.
/// </summary>
public sealed class SurplusReleaser(IDispatchEventStore events, IDispatchPlanStore plans, IDeviceCommandLedger ledger, DispatchCommander commander)
{
    public async Task<int> ReleaseAsync(SurplusReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dispatchEvent = await events.FindAsync(request.ProgramId, request.EventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{request.EventId}' does not exist.");
        var all = await plans.ListAsync(request.EventId, cancellationToken);
        var released = all.Where(a => a.ReleasedUtc == request.AtUtc).ToList();
        if (released.Count == 0)
        {
            if (dispatchEvent.TargetKw is not { } targetKw || request.AtUtc >= dispatchEvent.EndUtc)
            {
                return 0;
            }

            var shed = await ledger.SentAsync(request.EventId, DispatchStep.Shed, cancellationToken);
            var shedding = all.Where(a => a.InControl && shed.Contains(a.DeviceId)).ToList();
            var chosen = SurplusRelease.Choose(shedding, Instants(shedding, request.AtUtc, dispatchEvent.EndUtc), targetKw * (1 + DispatchPlanning.ReserveMargin),
                DispatchPlanning.Direction(dispatchEvent.Kind));
            if (chosen.Count == 0)
            {
                return 0;
            }

            // A part that left control meanwhile (an opt-out) keeps that departure and is not released.
            released = [.. (await plans.ChangeAsync(request.EventId, [.. chosen.Select(a => a.DeviceId)], a => a.ReleasedFrom(request.AtUtc), cancellationToken))
                .Where(a => a.ReleasedUtc == request.AtUtc)];
        }

        await commander.SendAsync(dispatchEvent, DispatchStep.Restore, released, a => request.AtUtc + a.ReleaseAfter, cancellationToken);
        return released.Count;
    }

    /// <summary>Now, then the start of each of the plan's intervals to the end: where what stays must still meet the target.</summary>
    private static List<DateTimeOffset> Instants(List<DispatchAssignment> parts, DateTimeOffset fromUtc, DateTimeOffset endUtc)
    {
        var instants = new List<DateTimeOffset> { fromUtc };
        if (parts.Count == 0)
        {
            return instants;
        }

        var grid = parts[0];
        for (var t = grid.IndexOf(fromUtc) + 1; t > 0 && grid.PlanStartUtc + (grid.Interval * t) < endUtc; t++)
        {
            instants.Add(grid.PlanStartUtc + (grid.Interval * t));
        }

        return instants;
    }
}
