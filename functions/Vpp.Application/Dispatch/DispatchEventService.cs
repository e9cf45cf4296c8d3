using System.Globalization;
using Vpp.Application.Programs;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Program managers create, confirm, change and cancel dispatch events; each is checked against the program's event
/// rules (<see cref="VppProgram.EventRules"/>) among the program's other events, and every change is stored only if
/// the event is still as it was read, so two managers (or a manager and the running orchestration) never overwrite
/// each other's change.
/// </summary>
public sealed class DispatchEventService(IProgramStore programs, IDispatchEventStore events, TimeProvider clock)
{
    /// <summary>Neighbours a rule check reads: a season is at most a year, on either side.</summary>
    private static readonly TimeSpan RulesReach = TimeSpan.FromDays(370);

    public async Task<DispatchEventResult> CreateAsync(string programId, DispatchEventRequest request, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return DispatchEventResult.Failed(DispatchEventOutcome.ProgramNotFound);
        }

        var now = clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"ev-{request.StartUtc.UtcDateTime:yyyyMMdd'T'HHmm}-{Guid.NewGuid():N}")[..26];
        var (created, errors) = DispatchEvent.Create(id, programId, request.Kind, request.StartUtc, request.EndUtc, request.TargetKw, request.DeviceTypes, request.Feeders,
            request.Notice, request.IsTest, request.Message, request.Proposed, (request.Proposed ? "proposed by " : "created by ") + requestedBy, now);
        if (created is null)
        {
            return new DispatchEventResult(DispatchEventOutcome.Invalid, null, errors, [], null);
        }

        if (await ViolationsAsync(program, created, now, cancellationToken) is { Count: > 0 } violations)
        {
            return new DispatchEventResult(DispatchEventOutcome.BreaksRules, null, [], violations, null);
        }

        return await events.AddAsync(created, cancellationToken)
            ? DispatchEventResult.Of(created)
            : DispatchEventResult.Failed(DispatchEventOutcome.Conflict, $"event '{id}' exists");
    }

    public Task<DispatchEvent?> FindAsync(string programId, string eventId, CancellationToken cancellationToken) => events.FindAsync(programId, eventId, cancellationToken);

    /// <summary>The program's events starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in one state when <paramref name="status"/> is given.</summary>
    public async Task<IReadOnlyList<DispatchEvent>> ListAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, DispatchEventStatus? status, CancellationToken cancellationToken) =>
        [.. (await events.ListStartingAsync(programId, fromUtc, toUtc, cancellationToken)).Where(e => status is null || e.Status == status)];

    /// <summary>A proposed event confirmed: the rules are checked again, as of now.</summary>
    public Task<DispatchEventResult> ConfirmAsync(string programId, string eventId, string by, CancellationToken cancellationToken) =>
        ChangeAsync(programId, eventId, (e, now) => e.Confirm(now, by), recheck: true, cancellationToken);

    public Task<DispatchEventResult> CancelAsync(string programId, string eventId, string cause, CancellationToken cancellationToken) =>
        ChangeAsync(programId, eventId, (e, now) => e.Cancel(now, cause), recheck: false, cancellationToken);

    /// <summary>A new target (when <paramref name="changeTarget"/>) or end; the changed event is checked against the rules again.</summary>
    public Task<DispatchEventResult> ChangeAsync(string programId, string eventId, double? targetKw, bool changeTarget, DateTimeOffset? endUtc, string by, CancellationToken cancellationToken) =>
        ChangeAsync(programId, eventId, (e, now) => e.Change(targetKw, changeTarget, endUtc, now, by), recheck: endUtc is not null, cancellationToken);

    /// <summary>
    /// The running orchestration's move to <paramref name="to"/>: done once (a replayed or retried move finds it made),
    /// and not at all for an event already over (cancelled meanwhile). Returns the event as stored after it; none when missing.
    /// </summary>
    public async Task<DispatchEvent?> AdvanceAsync(string programId, string eventId, DispatchEventStatus to, string cause, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await events.FindAsync(programId, eventId, cancellationToken) is not { } read)
            {
                return null;
            }

            if (read.Status == to || read.IsOver || read.History.Any(h => h.To == to))
            {
                return read;
            }

            var (moved, refusal) = read.MoveTo(to, clock.GetUtcNow(), cause);
            if (moved is null)
            {
                throw new InvalidOperationException($"Event '{eventId}': {refusal}.");
            }

            if (await events.ReplaceAsync(read, moved, cancellationToken))
            {
                return moved;
            }

            if (attempt >= 5)
            {
                throw new InvalidOperationException($"Event '{eventId}' kept changing while it was to become {DispatchEvent.Name(to)}.");
            }
        }
    }

    private async Task<DispatchEventResult> ChangeAsync(
        string programId, string eventId, Func<DispatchEvent, DateTimeOffset, DispatchChange> change, bool recheck, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return DispatchEventResult.Failed(DispatchEventOutcome.ProgramNotFound);
        }

        if (await events.FindAsync(programId, eventId, cancellationToken) is not { } read)
        {
            return DispatchEventResult.Failed(DispatchEventOutcome.EventNotFound);
        }

        var now = clock.GetUtcNow();
        var (changed, refusal) = change(read, now);
        if (changed is null)
        {
            return DispatchEventResult.Failed(DispatchEventOutcome.Conflict, refusal);
        }

        // Notice is judged when it is given: a confirmation by the lead it still leaves, a later change by the lead
        // the event had when it was scheduled (changing its end or target does not move its start).
        var noticeGiven = read.Status == DispatchEventStatus.Proposed ? now : read.History.Last(h => h.To == DispatchEventStatus.Scheduled).AtUtc;
        if (recheck && await ViolationsAsync(program, changed, noticeGiven, cancellationToken) is { Count: > 0 } violations)
        {
            return new DispatchEventResult(DispatchEventOutcome.BreaksRules, null, [], violations, null);
        }

        if (ReferenceEquals(changed, read))
        {
            return DispatchEventResult.Of(read);
        }

        return await events.ReplaceAsync(read, changed, cancellationToken)
            ? DispatchEventResult.Of(changed)
            : DispatchEventResult.Failed(DispatchEventOutcome.Conflict, "the event changed meanwhile; read it again");
    }

    private async Task<IReadOnlyList<DispatchRuleViolation>> ViolationsAsync(VppProgram program, DispatchEvent candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var neighbours = await events.ListStartingAsync(program.ProgramId, candidate.StartUtc - RulesReach, candidate.EndUtc + RulesReach, cancellationToken);
        return (program.EventRules ?? DispatchRules.Unrestricted).Check(candidate, program.FindTimeZone(), program.FindHolidays(), now, neighbours);
    }
}
