using Vpp.Application.Programs;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// What program managers and finance do with runs: start a month's run (version 1, or the next after a rejection),
/// approve or reject a draft, read runs and statements, reverse a transfer; and the program's terms, each version
/// validated. Starting and deciding record in the store first; the caller then starts or wakes the orchestration.
/// </summary>
public sealed class SettlementRunService(
    IProgramStore programs,
    ISettlementTermsStore terms,
    ISettlementRunStore runs,
    SettlementRunSteps steps,
    IPayoutGateway gateway,
    ISettlementExports exports,
    SettlementSettings settings,
    TimeProvider clock)
{
    /// <summary>The request for the month's next run, or why there cannot be one (a month not yet over, a run not rejected, no terms).</summary>
    public async Task<(SettlementRunRequest? Request, string? Refusal)> NextRunAsync(string programId, DateOnly month, string by, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return (null, null);
        }

        var first = new DateOnly(month.Year, month.Month, 1);
        var today = LocalDays.DateOf(clock.GetUtcNow(), program.FindTimeZone());
        if (first.AddMonths(1) > today)
        {
            return (null, $"{first:yyyy-MM} is not over yet in the program's time zone (today is {today:yyyy-MM-dd})");
        }

        var latest = (await runs.ListAsync(programId, cancellationToken)).Where(r => r.Month == first).MaxBy(r => r.Version);
        var version = (latest?.Version ?? 0) + 1;
        var refusal = await steps.RefusalAsync(programId, first, version, cancellationToken);
        return refusal is null
            ? (RequestFor(programId, first, version, by), null)
            : (null, refusal);
    }

    /// <summary>What starts a run's orchestration again (a held run resumed after its instance stopped), with today's settings.</summary>
    public SettlementRunRequest RequestFor(SettlementRunRecord run, string by)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RequestFor(run.ProgramId, run.Month, run.Version, by);
    }

    private SettlementRunRequest RequestFor(string programId, DateOnly month, int version, string by) =>
        new(programId, month, version, by, TimeSpan.FromHours(settings.ReminderHours), settings.BatchSize, settings.BatchConcurrency, settings.PayoutRetrySeconds);

    /// <summary>The months whose run is due on <paramref name="utcNow"/>: the last month, once it is <see cref="SettlementSettings.StartDaysAfterMonthEnd"/> days over, if it has no run.</summary>
    public async Task<IReadOnlyList<SettlementRunRequest>> DueAsync(DateTimeOffset utcNow, CancellationToken cancellationToken)
    {
        var due = new List<SettlementRunRequest>();
        foreach (var programId in await programs.ListIdsAsync(cancellationToken))
        {
            if (await programs.FindAsync(programId, cancellationToken) is not { } program || (await terms.ListAsync(programId, cancellationToken)).Count == 0)
            {
                continue;
            }

            var today = LocalDays.DateOf(utcNow, program.FindTimeZone());
            var last = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
            if (today.Day <= settings.StartDaysAfterMonthEnd || (await runs.ListAsync(programId, cancellationToken)).Any(r => r.Month == last))
            {
                continue;
            }

            if ((await NextRunAsync(programId, last, "timer", cancellationToken)).Request is { } request)
            {
                due.Add(request);
            }
        }

        return due;
    }

    /// <summary>Records a manager's approval or rejection of a draft; the run as it now is, or why not (not found: null both).</summary>
    public Task<(SettlementRunRecord? Run, string? Refusal)> DecideAsync(string programId, DateOnly month, int version, bool approve, string by, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(programId, month, version, "decided", record =>
        {
            var (moved, refusal) = record.MoveTo(approve ? SettlementRunStatus.Approved : SettlementRunStatus.Rejected, clock.GetUtcNow(), by, reason ?? (approve ? "approved" : "rejected"));

            // The journal of what is approved is checked once more; a run that does not balance is not approved.
            return moved is not null && approve && record.Totals.Imbalance() is { } imbalance
                ? (null, $"run {record.RunId} v{version} does not balance: {imbalance}")
                : (moved, refusal);
        }, cancellationToken);

    /// <summary>
    /// Records that a person resumes a held run (its step then runs again: each is safe to repeat); the run as it now is,
    /// or why not (it is not held). Not found: null both.
    /// </summary>
    public Task<(SettlementRunRecord? Run, string? Refusal)> ResumeAsync(string programId, DateOnly month, int version, string by, CancellationToken cancellationToken) =>
        ChangeAsync(programId, month, version, "resumed", record => record.Hold is null
            ? (null, $"run {record.RunId} v{version} is {SettlementRun.Name(record.Status)} and not held: there is nothing to resume")
            : (record.Noting(clock.GetUtcNow(), by, "resumed: the held step runs again"), null),
            cancellationToken);

    /// <summary>
    /// Records a request to settle an approved month again: the next run prepared carries what changed as adjustment
    /// lines. Refused (with why) unless the month's latest run is approved; a draft is rejected and recomputed instead.
    /// Not found (null both) when the program does not exist.
    /// </summary>
    public async Task<(SettlementCorrection? Correction, string? Refusal)> CorrectAsync(string programId, DateOnly month, string reason, string by, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return (null, null);
        }

        var latest = await FindAsync(programId, month, null, cancellationToken);
        if (latest is null || !latest.IsApproved)
        {
            return (null, latest is null
                ? $"{month:yyyy-MM} has no run to correct: start one"
                : $"{month:yyyy-MM} v{latest.Version} is {SettlementRun.Name(latest.Status)}: only an approved month is corrected (reject a draft and compute it again)");
        }

        var correction = new SettlementCorrection(programId, month, Guid.NewGuid().ToString("N"), reason, by, clock.GetUtcNow());
        await runs.AddCorrectionAsync(correction, cancellationToken);
        return (correction, null);
    }

    /// <summary>The month's corrections, oldest first, each with the run that carries it (null while none does).</summary>
    public async Task<IReadOnlyList<(SettlementCorrection Correction, SettlementRunRecord? CarriedBy)>> CorrectionsAsync(string programId, DateOnly month, CancellationToken cancellationToken)
    {
        var all = await runs.ListAsync(programId, cancellationToken);
        return [.. (await runs.ListCorrectionsAsync(programId, cancellationToken)).Where(c => c.Month == month)
            .Select(c => (c, all.Where(r => r.Carries(c)).MaxBy(r => r.Month)))];
    }

    /// <summary>The latest version of the month, or the one asked for.</summary>
    public async Task<SettlementRunRecord?> FindAsync(string programId, DateOnly month, int? version, CancellationToken cancellationToken) =>
        version is { } v
            ? await runs.FindAsync(programId, month, v, cancellationToken)
            : (await runs.ListAsync(programId, cancellationToken)).Where(r => r.Month == month).MaxBy(r => r.Version);

    public Task<IReadOnlyList<SettlementRunRecord>> ListAsync(string programId, CancellationToken cancellationToken) => runs.ListAsync(programId, cancellationToken);

    public Task<IReadOnlyList<SettlementCustomerLine>> FailedPayoutsAsync(SettlementRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return runs.ReadLinesAsync(run, string.Empty, null, PayoutState.Failed, cancellationToken);
    }

    /// <summary>How many pages of statements a run version lists: one per batch its statements were computed in.</summary>
    public static int StatementPages(SettlementRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Math.Max(1, run.BatchStarts.Count);
    }

    /// <summary>One page of a run version's statements (see <see cref="StatementPages"/>), by customer id, each with its payout's outcome.</summary>
    public async Task<IReadOnlyList<SettlementCustomerLine>> StatementPageAsync(SettlementRunRecord run, int page, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(page, StatementPages(run));
        if (run.BatchStarts.Count == 0)
        {
            return [];
        }

        var until = page + 1 < run.BatchStarts.Count ? run.BatchStarts[page + 1] : null;
        return await runs.ReadLinesAsync(run, run.BatchStarts[page], until, null, cancellationToken);
    }

    public Task<SettlementCustomerLine?> FindLineAsync(SettlementRunRecord run, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return runs.FindLineAsync(run, customerId, cancellationToken);
    }

    /// <summary>
    /// Reverses a paid transfer (finance): the provider takes it back under its own idempotency key, the line becomes
    /// reversed (what it paid is owed again and carried to the next run), and the run's exports are written again with
    /// the reversal's journal entries.
    /// </summary>
    public async Task<(SettlementCustomerLine? Line, string? Refusal)> ReverseAsync(SettlementRunRecord run, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (await runs.FindLineAsync(run, customerId, cancellationToken) is not { } line)
        {
            return (null, null);
        }

        if (line.State == PayoutState.Reversed)
        {
            return (line, null);
        }

        if (line.State != PayoutState.Paid || line.TransferId is null)
        {
            return (line, $"the payout of {customerId} in run {run.RunId} v{run.Version} is {line.State.ToString().ToLowerInvariant()}: only a paid transfer can be reversed");
        }

        var outcome = await gateway.ReverseAsync(line.Payout, line.TransferId, cancellationToken);
        if (!outcome.Succeeded)
        {
            return (line, $"the provider refused the reversal: {outcome.FailureCode}: {outcome.FailureMessage}");
        }

        var reversed = line with { State = PayoutState.Reversed, ReversalId = outcome.TransferId, ReversedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) };
        await runs.SaveOutcomesAsync(run, [reversed], cancellationToken);
        if (run.Status == SettlementRunStatus.Completed)
        {
            await exports.WriteAsync(run, await runs.ReadLinesAsync(run, string.Empty, null, null, cancellationToken), cancellationToken);
        }

        return (reversed, null);
    }

    public Task<IReadOnlyList<SettlementTerms>> TermsAsync(string programId, CancellationToken cancellationToken) => terms.ListAsync(programId, cancellationToken);

    /// <summary>Stores a version of the program's terms; the fields at fault when it is invalid.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveTermsAsync(string programId, SettlementTerms version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var errors = version.Validate();
        if (errors.Count == 0)
        {
            await terms.SaveAsync(programId, version, cancellationToken);
        }

        return errors;
    }

    /// <summary>
    /// Reads the version, changes it (or says why not) and stores the change if no other came first, reading again when
    /// one did; the run as it now is, or the refusal with the run as read. Not found: null both.
    /// </summary>
    private async Task<(SettlementRunRecord? Run, string? Refusal)> ChangeAsync(string programId, DateOnly month, int version, string verb,
        Func<SettlementRunRecord, (SettlementRunRecord? Changed, string? Refusal)> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await runs.FindAsync(programId, month, version, cancellationToken) is not { } record)
            {
                return (null, null);
            }

            var (changed, refusal) = change(record);
            if (changed is null)
            {
                return (record, refusal);
            }

            if (await runs.SaveAsync(record, changed, cancellationToken))
            {
                return (changed, null);
            }

            if (attempt > 3)
            {
                return (record, $"the run changed while it was being {verb}; try again");
            }
        }
    }
}
