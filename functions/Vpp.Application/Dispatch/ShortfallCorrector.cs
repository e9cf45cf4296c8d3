using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Covers a shortfall in an event's delivery: first reserve devices not yet commanded, those that can shed most now
/// first, each shedding all it can within its limits; then, if that is not enough, devices already shedding deepened
/// to their limits, from the interval under way. Each device is commanded once per step however often corrections
/// run. The pick is stored (each changed part carries the correction's number) before any device hears of it, so a retried correction resumes it and calls no one
/// extra; a part that left control in between (released early, opted out) is neither deepened nor called. Returns the kW it expects to add.
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
        // What a device adds is counted where the shortfall is, now: a reserve whose part sheds most later in the
        // evening (a water heater before the evening's showers) does not cover a shortfall this interval.
        double Gain(DispatchAssignment from, DispatchAssignment to) => direction * (to.ShedKwAt(correction.AtUtc) - from.ShedKwAt(correction.AtUtc));

        // A part this correction changed is commanded while the event still controls it, on a retry too.
        bool Commands(DispatchAssignment a) => a.Correction == correction.Number && a.InControl;

        var resumed = all.Where(Commands).ToList();
        if (resumed.Count > 0)
        {
            await SendAsync(dispatchEvent, resumed, cancellationToken);
            return Math.Round(direction * resumed.Sum(a => a.ShedKwAt(correction.AtUtc)), 3);
        }

        var reserves = Pick(all.Where(a => a.Role == DispatchRole.Reserve && a.InControl && !shed.Contains(a.DeviceId)), correction, Gain, correction.ShortKw);
        var remaining = correction.ShortKw - reserves.Sum(r => r.Gain);
        var deeper = remaining > 0
            ? Pick(all.Where(a => a.InControl && shed.Contains(a.DeviceId) && !deepened.Contains(a.DeviceId)), correction, Gain, remaining)
            : [];

        var picked = reserves.Concat(deeper).ToDictionary(p => p.Deepened.DeviceId, p => p.Gain, StringComparer.Ordinal);
        if (picked.Count == 0)
        {
            return 0;
        }

        // The deepened parts are stored before any device hears of them, so what the device does is what the plan says;
        // each is deepened as stored now, and one that left control since it was read (released, opted out) is not.
        var changed = (await plans.ChangeAsync(correction.EventId, picked.Keys, a => a.DeepenedFor(correction.AtUtc, correction.Number), cancellationToken))
            .Where(Commands).ToList();
        await SendAsync(dispatchEvent, changed, cancellationToken);
        return Math.Round(changed.Sum(a => picked[a.DeviceId]), 3);
    }

    /// <summary>Reserves called are sent the shed command; parts already shedding, the deepen command.</summary>
    private async Task SendAsync(DispatchEvent dispatchEvent, List<DispatchAssignment> changed, CancellationToken cancellationToken)
    {
        await commander.SendAsync(dispatchEvent, DispatchStep.Shed, [.. changed.Where(a => a.Role == DispatchRole.Reserve)], _ => null, cancellationToken);
        await commander.SendAsync(dispatchEvent, DispatchStep.Deepen, [.. changed.Where(a => a.Role != DispatchRole.Reserve)], _ => null, cancellationToken);
    }

    private static (DispatchAssignment Deepened, double Kw) Deepen(DispatchAssignment part, ShortfallCorrection correction, Func<DispatchAssignment, DispatchAssignment, double> gain)
    {
        var deepened = part.Deepened(correction.AtUtc, correction.Number);
        return (deepened, gain(part, deepened));
    }

    private static List<(DispatchAssignment Deepened, double Gain)> Pick(
        IEnumerable<DispatchAssignment> candidates, ShortfallCorrection correction, Func<DispatchAssignment, DispatchAssignment, double> gain, double neededKw)
    {
        var picked = new List<(DispatchAssignment, double)>();
        var total = 0.0;
        foreach (var (deepened, kw) in candidates.Select(a => Deepen(a, correction, gain)).Where(c => c.Kw > DispatchAssignment.CommandToleranceKw).OrderByDescending(c => c.Kw).ThenBy(c => c.Deepened.DeviceId, StringComparer.Ordinal))
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
