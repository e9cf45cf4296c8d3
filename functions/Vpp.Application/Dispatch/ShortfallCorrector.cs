using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Covers a shortfall in an event's delivery: first reserve devices not yet commanded, those that can shed most first,
/// each shedding all it can within its limits; then, if that is not enough, devices already shedding deepened to their
/// limits. Each device is commanded once per step however often corrections run. Returns the kW it expects to add.
/// </summary>
public sealed class ShortfallCorrector(IDispatchEventStore events, IDispatchPlanStore plans, IDeviceCommandLedger ledger, DispatchCommander commander)
{
    public async Task<double> CorrectAsync(ShortfallCorrection correction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correction);
        var dispatchEvent = await events.FindAsync(correction.ProgramId, correction.EventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{correction.EventId}' does not exist.");
        var all = await plans.ListAsync(correction.EventId, cancellationToken);
        var shed = await ledger.SentAsync(correction.EventId, DispatchStep.Shed, cancellationToken);
        var deepened = await ledger.SentAsync(correction.EventId, DispatchStep.Deepen, cancellationToken);
        var direction = DispatchPlanning.Direction(dispatchEvent.Kind);
        double Gain(DispatchAssignment from, DispatchAssignment to) =>
            direction * (to.MeanShedKw(correction.AtUtc, dispatchEvent.EndUtc) - from.MeanShedKw(correction.AtUtc, dispatchEvent.EndUtc));

        var reserves = Pick(all.Where(a => a.Role == DispatchRole.Reserve && a.InControl && !shed.Contains(a.DeviceId)), correction.AtUtc, Gain, correction.ShortKw);
        var remaining = correction.ShortKw - reserves.Sum(r => r.Gain);
        var deeper = remaining > 0
            ? Pick(all.Where(a => a.InControl && shed.Contains(a.DeviceId) && !deepened.Contains(a.DeviceId)), correction.AtUtc, Gain, remaining)
            : [];

        var changed = reserves.Concat(deeper).Select(p => p.Deepened).ToList();
        if (changed.Count == 0)
        {
            return 0;
        }

        // The deepened parts are stored before any device hears of them, so what the device does is what the plan says.
        await plans.UpdateAsync(correction.EventId, changed, cancellationToken);
        await commander.SendAsync(dispatchEvent, DispatchStep.Shed, [.. reserves.Select(p => p.Deepened)], _ => null, cancellationToken);
        await commander.SendAsync(dispatchEvent, DispatchStep.Deepen, [.. deeper.Select(p => p.Deepened)], _ => null, cancellationToken);
        return Math.Round(reserves.Concat(deeper).Sum(p => p.Gain), 3);
    }

    private static List<(DispatchAssignment Deepened, double Gain)> Pick(
        IEnumerable<DispatchAssignment> candidates, DateTimeOffset at, Func<DispatchAssignment, DispatchAssignment, double> gain, double neededKw)
    {
        var picked = new List<(DispatchAssignment, double)>();
        var total = 0.0;
        foreach (var (deepened, kw) in candidates.Select(a => (Deepened: a.Deepened(at), Kw: gain(a, a.Deepened(at)))).Where(c => c.Kw > DispatchAssignment.CommandToleranceKw).OrderByDescending(c => c.Kw).ThenBy(c => c.Deepened.DeviceId, StringComparer.Ordinal))
        {
            if (total >= neededKw)
            {
                break;
            }

            picked.Add((deepened, kw));
            total += kw;
        }

        return picked;
    }
}
