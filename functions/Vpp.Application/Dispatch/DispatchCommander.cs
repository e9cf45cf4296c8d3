using System.Collections.Concurrent;
using Vpp.Application.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Commands an event's devices through their twins, each device once per step: a command is recorded as intended,
/// written to the twin (the hub adapter keeps to the hub's throttle) and recorded as sent. A retried batch skips what
/// was sent and, for what was intended but not marked, reads the twin first: a command the twin already holds is not
/// sent again. Batches are ranges of the plan's device ids (<see cref="DispatchBatches"/>), so the orchestration fans
/// them out without listing devices and each reads only its own.
/// </summary>
public sealed class DispatchCommander(IDispatchEventStore events, IDispatchPlanStore plans, IDeviceCommandLedger ledger, IDeviceHub hub, TimeProvider clock)
{
    public const int BatchSize = 500;

    /// <summary>Twin writes in flight per batch; the hub adapter's throttle sets the pace across batches.</summary>
    private const int Parallelism = 16;

    private static readonly DispatchStep[] CommandingSteps = [DispatchStep.Precondition, DispatchStep.Shed, DispatchStep.Deepen];

    public async Task<DispatchCommandResult> CommandAsync(DeviceCommandBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var dispatchEvent = await events.FindAsync(batch.ProgramId, batch.EventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{batch.EventId}' does not exist.");
        var slice = await plans.ListAsync(batch.EventId, batch.FromDeviceId, batch.UntilDeviceId, cancellationToken);
        var chosen = batch.Step switch
        {
            DispatchStep.Precondition => slice.Where(a => a.Role == DispatchRole.Participant && a.InControl && a.PreconditionsBefore(dispatchEvent.StartUtc)).ToList(),
            DispatchStep.Shed => slice.Where(a => a.Role == DispatchRole.Participant && a.InControl).ToList(),
            DispatchStep.Restore => await CommandedAsync(batch.EventId, slice, cancellationToken),
            _ => throw new ArgumentException($"Step {batch.Step} is not sent in batches.", nameof(batch)),
        };
        // Released at the fitted time after the end (ReleaseSchedule), or all at once when the window is none (a cancellation).
        var from = batch.ReleaseFromUtc ?? dispatchEvent.EndUtc;
        var atOnce = batch.ReleaseWindow is { } window && window <= TimeSpan.Zero;
        var result = await SendAsync(dispatchEvent, batch.Step, chosen, a => batch.Step == DispatchStep.Restore ? from + (atOnce ? TimeSpan.Zero : a.ReleaseAfter) : null, cancellationToken);
        return result with { NotCommanded = slice.Count - chosen.Count };
    }

    /// <summary>Sends the step's command to each of <paramref name="assignments"/> not yet sent it.</summary>
    public async Task<DispatchCommandResult> SendAsync(
        DispatchEvent dispatchEvent, DispatchStep step, IReadOnlyList<DispatchAssignment> assignments, Func<DispatchAssignment, DateTimeOffset?> releaseOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatchEvent);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(releaseOf);
        var ids = assignments.Select(a => a.DeviceId).ToList();
        var recorded = await ledger.FindAsync(dispatchEvent.EventId, step, ids, cancellationToken);
        var alreadySent = recorded.Where(r => r.Value).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        // Intended but not marked: the host died between writing the twin and marking it. The twin tells, and the
        // ledger is marked now, or readers of what was sent (the restore, the report) would miss a command the twin holds.
        var heldByTwin = new List<string>();
        foreach (var deviceId in recorded.Where(r => !r.Value).Select(r => r.Key))
        {
            if (await hub.GetTwinAsync(deviceId, cancellationToken) is { } twin && DispatchCommand.IsIn(twin.Desired, dispatchEvent.EventId, step))
            {
                alreadySent.Add(deviceId);
                heldByTwin.Add(deviceId);
            }
        }

        var toSend = assignments.Where(a => !alreadySent.Contains(a.DeviceId)).ToList();
        await ledger.RecordIntendedAsync(dispatchEvent.EventId, step, [.. toSend.Select(a => a.DeviceId).Where(id => !recorded.ContainsKey(id))], clock.GetUtcNow(), cancellationToken);
        var sent = new ConcurrentBag<string>();
        Exception? failure = null;
        try
        {
            await Parallel.ForEachAsync(toSend, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (assignment, ct) =>
            {
                await hub.PatchDesiredAsync(assignment.DeviceId, DispatchCommand.Build(dispatchEvent, assignment, step, releaseOf(assignment)), null, ct);
                sent.Add(assignment.DeviceId);
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What was sent is marked before the batch fails, so its retry sends only the rest.
            failure = ex;
        }

        await ledger.RecordSentAsync(dispatchEvent.EventId, step, [.. heldByTwin, .. sent], clock.GetUtcNow(), CancellationToken.None);
        if (failure is not null)
        {
            throw new InvalidOperationException($"{toSend.Count - sent.Count} of {toSend.Count} '{DispatchCommand.StepName(step)}' commands of event '{dispatchEvent.EventId}' failed; a retry sends them.", failure);
        }

        return new DispatchCommandResult(sent.Count, alreadySent.Count, 0);
    }

    /// <summary>The devices of <paramref name="slice"/> sent any command that moves them: those a restore releases.</summary>
    private async Task<List<DispatchAssignment>> CommandedAsync(string eventId, IReadOnlyList<DispatchAssignment> slice, CancellationToken cancellationToken)
    {
        var commanded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in CommandingSteps)
        {
            commanded.UnionWith((await ledger.FindAsync(eventId, step, [.. slice.Select(a => a.DeviceId)], cancellationToken)).Keys);
        }

        return [.. slice.Where(a => commanded.Contains(a.DeviceId))];
    }
}
