using Vpp.Application.Programs;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// The events of every program that should have an orchestration running: scheduled (confirmed) and not over, from
/// those that could still be restoring to a year ahead. Creating an event and starting its orchestration are two writes;
/// a host that dies between them leaves an event nobody runs, which the sweep that reads this starts.
/// </summary>
public sealed class UnfinishedEvents(IProgramStore programs, IDispatchEventStore events, TimeProvider clock)
{
    /// <summary>How far back an event may have started and still be running: its longest window and a day for its release and report.</summary>
    private static readonly TimeSpan Lookback = DispatchRules.MaxDuration + TimeSpan.FromDays(1);

    private static readonly TimeSpan Lookahead = TimeSpan.FromDays(366);

    public async Task<IReadOnlyList<DispatchEvent>> ListAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var unfinished = new List<DispatchEvent>();
        foreach (var programId in await programs.ListIdsAsync(cancellationToken))
        {
            unfinished.AddRange((await events.ListStartingAsync(programId, now - Lookback, now + Lookahead, cancellationToken))
                .Where(e => !e.IsOver && e.Status != DispatchEventStatus.Proposed));
        }

        return unfinished;
    }
}
