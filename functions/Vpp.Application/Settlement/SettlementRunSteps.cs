using System.Globalization;
using Microsoft.Extensions.Logging;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Domain.Calendar;
using Vpp.Domain.Fleet;
using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// The steps of a settlement run, each safe to repeat (activities are at-least-once): prepare freezes the inputs per
/// batch; compute settles a batch's customers into lines (once the run leaves computing, it only reads them back);
/// draft checks the totals balance; pay transfers each pending line under its idempotency key and records what came of
/// it; export writes the finance files; advance moves the run along its lifecycle.
/// </summary>
public sealed partial class SettlementRunSteps(
    IProgramStore programs,
    IDeviceRegistry registry,
    ISettlementTermsStore terms,
    IDispatchEventStore events,
    IDispatchReportStore reports,
    ISettlementRunStore runs,
    IPayoutAccountStore accounts,
    MonthStatements monthStatements,
    IPayoutGateway gateway,
    ISettlementExports exports,
    SettlementSettings settings,
    TimeProvider clock,
    ILogger<SettlementRunSteps> logger)
{
    private const string System = "settlement";

    public async Task<SettlementPreparation> PrepareAsync(SettlementRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await runs.FindAsync(request.ProgramId, request.Month, request.Version, cancellationToken) is { } started)
        {
            return await PreparedAsync(started, cancellationToken);
        }

        if (await RefusalAsync(request.ProgramId, request.Month, request.Version, cancellationToken) is { } refusal)
        {
            return new SettlementPreparation([], refusal);
        }

        var program = (await programs.FindAsync(request.ProgramId, cancellationToken))!;
        var zone = program.FindTimeZone();
        var (settled, eventDays) = await EventsOfAsync(request.ProgramId, request.Month, zone, cancellationToken);
        var fleet = await registry.ListFleetAsync(request.ProgramId, cancellationToken);
        var customers = EnrolmentsOf(fleet, request.Month)
            .GroupBy(e => e.CustomerId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Chunk(Math.Max(1, request.BatchSize))
            .ToList();

        // No one enrolled: one empty batch still carries what earlier runs left owed, and the corrections.
        var batchStarts = customers.Count == 0 ? [string.Empty] : customers.Select((chunk, i) => i == 0 ? string.Empty : chunk[0].Key).ToList();
        var corrections = await ClaimCorrectionsAsync(request, cancellationToken);

        // Every account read once here rather than by each batch: in Azurite each range query filters the whole table.
        var payable = await accounts.ListAsync(cancellationToken);
        var corrected = new List<(DateOnly Month, List<SettlementEnrolment> Enrolments, List<SettledEvent> Events, List<DateOnly> EventDays)>();
        foreach (var month in corrections.Select(c => c.Month).Distinct().Order())
        {
            var (events, days) = await EventsOfAsync(request.ProgramId, month, zone, cancellationToken);
            corrected.Add((month, EnrolmentsOf(fleet, month), events, days));
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, batchStarts.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var until = i + 1 < batchStarts.Count ? batchStarts[i + 1] : null;
            var input = BatchInput(customers.Count == 0 ? [] : [.. customers[i].SelectMany(g => g)], settled, eventDays) with
            {
                Corrections = [.. corrected.Select(c => new CorrectedMonthInput(c.Month, BatchInput([.. c.Enrolments.Where(e => InRange(e.CustomerId, batchStarts[i], until))], c.Events, c.EventDays)))],
                PayoutAccounts = payable.Where(a => InRange(a.Key, batchStarts[i], until)).ToDictionary(StringComparer.Ordinal),
            };
            await runs.SaveBatchInputAsync(request.ProgramId, request.Month, request.Version, i, input, ct);
        });

        var enrolled = customers.Sum(c => c.Sum(g => g.Count()));
        var withoutCustomer = fleet.Count(d => d.Registration.CustomerId is null);
        var correcting = corrected.Count == 0 ? string.Empty : $"; corrects {string.Join(", ", corrected.Select(c => c.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)))}";
        var record = new SettlementRunRecord(request.ProgramId, request.Month, request.Version, SettlementRunStatus.Computing, SettlementRunTotals.Zero,
            [new SettlementTransition(SettlementRunStatus.Computing, clock.GetUtcNow(), request.RequestedBy,
                $"{enrolled} enrolments of {customers.Sum(c => c.Length)} customers in {batchStarts.Count} batches; {settled.Count} events{correcting}{(withoutCustomer > 0 ? $"; {withoutCustomer} devices without a customer are not settled" : string.Empty)}")],
            batchStarts, enrolled)
        { Corrections = corrections };
        if (!await runs.SaveAsync(null, record, cancellationToken))
        {
            record = (await runs.FindAsync(request.ProgramId, request.Month, request.Version, cancellationToken))!;
        }

        return await PreparedAsync(record, cancellationToken);
    }

    /// <summary>
    /// Why this version of the month cannot be computed: not the next version, the last one not rejected, an earlier
    /// month not yet paid out or a later one already settled (<see cref="OrderRefusal"/>), no program or no terms.
    /// </summary>
    public async Task<string?> RefusalAsync(string programId, DateOnly month, int version, CancellationToken cancellationToken)
    {
        var all = await runs.ListAsync(programId, cancellationToken);
        var latest = all.Where(r => r.Month == month).MaxBy(r => r.Version);
        if (latest is null ? version != 1 : version != latest.Version + 1 || !SettlementRun.AllowsNextVersion(latest.Status))
        {
            return latest is null
                ? $"{month:yyyy-MM} has no run yet: version 1 comes first"
                : $"{month:yyyy-MM} v{latest.Version} is {SettlementRun.Name(latest.Status)}: a new version is computed only after the last one was rejected or failed";
        }

        if (OrderRefusal(all, month) is { } outOfOrder)
        {
            return outOfOrder;
        }

        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return $"program '{programId}' does not exist";
        }

        return (await terms.ListAsync(programId, cancellationToken)).Count == 0 ? $"program '{programId}' has no settlement terms" : null;
    }

    /// <summary>
    /// Why the month cannot be settled now, given the program's other months (ADR 0046). A month brings forward what the
    /// month before it left owed, known once that month's payouts are done: a month settled while an earlier one is
    /// unfinished, or past one not settled at all, would bring amounts forward twice or never; and one settled after a
    /// later month (one before the program's first settled month, or two prepared at once) would leave what it carries
    /// owed to no later run.
    /// </summary>
    private static string? OrderRefusal(IReadOnlyList<SettlementRunRecord> all, DateOnly month)
    {
        var latestOfMonths = all.Where(r => r.Month != month).GroupBy(r => r.Month).Select(g => g.MaxBy(r => r.Version)!).ToList();
        var earlier = latestOfMonths.Where(r => r.Month < month).ToList();
        if (earlier.Where(r => r.Status is not (SettlementRunStatus.PaidOut or SettlementRunStatus.Completed)).MinBy(r => r.Month) is { } unfinished)
        {
            return $"{unfinished.Month:yyyy-MM} v{unfinished.Version} is {SettlementRun.Name(unfinished.Status)}{(unfinished.Hold is null ? string.Empty : " and held (resume it)")}: "
                + "a month is settled once every earlier month's run is paid out, so what each leaves owed is brought forward once";
        }

        if (earlier.Count > 0 && earlier.Max(r => r.Month) < month.AddMonths(-1))
        {
            return $"{month.AddMonths(-1):yyyy-MM} has no run: months are settled in order, each bringing forward what the one before left owed";
        }

        return latestOfMonths.Where(r => r.Month > month && !SettlementRun.AllowsNextVersion(r.Status)).MinBy(r => r.Month) is { } later
            ? $"{later.Month:yyyy-MM} v{later.Version} is {SettlementRun.Name(later.Status)}: months are settled in order, and a month is not settled after a later one "
              + "(what it left owed would be brought forward by no run; a later draft is rejected first)"
            : null;
    }

    /// <summary>
    /// A stored run's preparation: its batches, or why not once it has failed. Another month prepared at the same moment
    /// passed the same order check before this run existed, so a run still computing is checked again now that it is
    /// stored (on a retry too): one the check refuses fails, naming why, and its month may be computed again.
    /// </summary>
    private async Task<SettlementPreparation> PreparedAsync(SettlementRunRecord run, CancellationToken cancellationToken)
    {
        while (run.Status == SettlementRunStatus.Computing && OrderRefusal(await runs.ListAsync(run.ProgramId, cancellationToken), run.Month) is { } outOfOrder)
        {
            var (failed, _) = run.MoveTo(SettlementRunStatus.Failed, clock.GetUtcNow(), System, $"refused: {outOfOrder}");
            run = await runs.SaveAsync(run, failed!, cancellationToken) ? failed! : await FindAsync(run.ProgramId, run.Month, run.Version, cancellationToken);
        }

        return run.Status == SettlementRunStatus.Failed
            ? new SettlementPreparation([], $"{run.RunId} v{run.Version} failed: {run.History[^1].Cause}")
            : new SettlementPreparation(run.BatchStarts);
    }

    public async Task<SettlementRunTotals> ComputeAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var record = await FindAsync(batch.ProgramId, batch.Month, batch.Version, cancellationToken);
        if (record.Status != SettlementRunStatus.Computing)
        {
            return TotalsOf(record, await runs.ReadLinesAsync(record, batch.FromCustomer, batch.UntilCustomer, null, cancellationToken));
        }

        var input = await runs.FindBatchInputAsync(batch.ProgramId, batch.Month, batch.Version, batch.Index, cancellationToken)
            ?? throw new InvalidOperationException($"run {record.RunId} v{batch.Version} has no input for batch {batch.Index}");
        var history = new SettlementTermsHistory(await terms.ListAsync(batch.ProgramId, cancellationToken));
        var program = (await programs.FindAsync(batch.ProgramId, cancellationToken))!;
        var (zone, holidays) = (program.FindTimeZone(), program.FindHolidays());
        var all = await runs.ListAsync(batch.ProgramId, cancellationToken);

        // Earlier runs' lines for this batch's customers, each read once: carried amounts, years to date and corrections share them.
        var read = new Dictionary<(DateOnly, int), Task<IReadOnlyList<SettlementCustomerLine>>>();
        Task<IReadOnlyList<SettlementCustomerLine>> LinesOf(SettlementRunRecord run) =>
            read.TryGetValue((run.Month, run.Version), out var lines) ? lines
                : read[(run.Month, run.Version)] = runs.ReadLinesAsync(run, batch.FromCustomer, batch.UntilCustomer, null, cancellationToken);

        var broughtForward = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (LatestApproved(all).LastOrDefault(r => r.Month < batch.Month) is { } previous)
        {
            foreach (var line in await LinesOf(previous))
            {
                if (line.CarriedForward != 0)
                {
                    broughtForward[line.CustomerId] = line.CarriedForward;
                }
            }
        }

        var statements = await StatementsAsync(history, batch.Month, zone, holidays, input, all, LinesOf, cancellationToken);
        var adjustments = new List<StatementAdjustment>();
        foreach (var correction in input.Corrections)
        {
            var recomputed = await StatementsAsync(history, correction.Month, zone, holidays, correction.Input, all, LinesOf, cancellationToken);
            var approved = LatestApproved(all).Single(r => r.Month == correction.Month);
            var since = all.Where(r => r.IsApproved && r.Corrections.Any(c => c.Month == correction.Month));
            var settledBefore = StatementAdjustment.SettledByDevice(correction.Month,
                (await LinesOf(approved)).Select(l => l.Statement),
                (await Task.WhenAll(since.Select(LinesOf))).SelectMany(l => l).Select(l => l.Statement));
            adjustments.AddRange(StatementAdjustment.Between(correction.Month, settledBefore, recomputed.SelectMany(s => s.Enrolments)));
        }

        statements = CustomerStatement.WithAdjustments(statements, adjustments, batch.Month);
        var settled = statements.Select(s => s.CustomerId).ToHashSet(StringComparer.Ordinal);

        // A customer still owed (or owing) from earlier runs keeps a line, with no statement this month, until it is settled.
        var carriedOnly = broughtForward.Keys.Where(c => !settled.Contains(c)).Select(c => new CustomerStatement(c, batch.Month, []));
        var minimum = history.Governing(batch.Month.AddMonths(1).AddDays(-1)).MinimumPayout;
        var lines = statements.Concat(carriedOnly)
            .OrderBy(s => s.CustomerId, StringComparer.Ordinal)
            .Select(s => SettlementCustomerLine.For(s, PayoutLine.For(record.RunId, batch.Version, s, input.PayoutAccounts.GetValueOrDefault(s.CustomerId), broughtForward.GetValueOrDefault(s.CustomerId), minimum)))
            .ToList();
        await runs.SaveLinesAsync(record, lines, cancellationToken);
        return TotalsOf(record, lines);
    }

    /// <summary>Moves a computed run to draft with its totals once they balance; returns its status (a run past computing is left as it is).</summary>
    public async Task<SettlementRunStatus> DraftAsync(SettlementDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var request = draft.Request;
        var record = await FindAsync(request.ProgramId, request.Month, request.Version, cancellationToken);
        if (record.Status != SettlementRunStatus.Computing)
        {
            return record.Status;
        }

        var totals = draft.Batches.Aggregate(SettlementRunTotals.Zero, (sum, batch) => sum.Plus(batch));
        if (totals.Imbalance() is { } imbalance)
        {
            throw new InvalidOperationException($"run {record.RunId} v{record.Version} does not balance: {imbalance}");
        }

        var (drafted, _) = (record with { Totals = totals }).MoveTo(SettlementRunStatus.Draft, clock.GetUtcNow(), System,
            FormattableString.Invariant($"{totals.Customers} statements totalling {totals.Statements:0.00}; transfers {totals.Transfers:0.00}, carried {totals.Carried:0.00}; waiting for a program manager's approval"));
        await runs.SaveAsync(record, drafted!, cancellationToken);
        return SettlementRunStatus.Draft;
    }

    public async Task<SettlementRunStatus> StatusAsync(SettlementRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await FindAsync(request.ProgramId, request.Month, request.Version, cancellationToken)).Status;
    }

    /// <summary>Reminds the program's managers of a draft still waiting for them (in the run's history and the log); nothing once it is decided.</summary>
    public async Task RemindAsync(SettlementRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await FindAsync(request.ProgramId, request.Month, request.Version, cancellationToken);
        if (record.Status != SettlementRunStatus.Draft)
        {
            return;
        }

        var since = record.History.Last(h => h.To == SettlementRunStatus.Draft && h.By == System).AtUtc;
        await runs.SaveAsync(record, record.Noting(clock.GetUtcNow(), System, $"reminder: waiting for approval since {since:u}"), cancellationToken);
        LogReminder(record.RunId, record.Version, since);
    }

    /// <summary>
    /// Records that the run's step failed after its retries and holds the run where it is until a person resumes it
    /// (<see cref="SettlementRunService.ResumeAsync"/>); nothing when it is held already (the activity ran before).
    /// </summary>
    public async Task HoldAsync(SettlementHold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        var record = await FindAsync(hold.ProgramId, hold.Month, hold.Version, cancellationToken);
        if (record.Hold is not null)
        {
            return;
        }

        if (!await runs.SaveAsync(record, record.Noting(clock.GetUtcNow(), System, hold.Cause, held: true), cancellationToken))
        {
            throw new InvalidOperationException($"run {record.RunId} v{record.Version} changed while it was being held");
        }

        LogHold(record.RunId, record.Version, SettlementRun.Name(record.Status), hold.Cause);
    }

    /// <summary>
    /// Transfers each pending line of the batch, <see cref="SettlementSettings.PayoutConcurrency"/> at a time, recording
    /// each hundred's outcomes together. A line whose transfer failed in a way a retry may cure stays pending (and this
    /// throws, for the activity's retry) until its attempts run out; then it is failed, as a refused one is at once.
    /// </summary>
    public async Task<PayoutBatchResult> PayAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var record = await FindAsync(batch.ProgramId, batch.Month, batch.Version, cancellationToken);
        if (!record.IsApproved)
        {
            throw new InvalidOperationException($"run {record.RunId} v{batch.Version} is {SettlementRun.Name(record.Status)}: only an approved run is paid");
        }

        var lines = await runs.ReadLinesAsync(record, batch.FromCustomer, batch.UntilCustomer, null, cancellationToken);
        var stillPending = 0;
        var done = new List<SettlementCustomerLine>(lines.Count);
        foreach (var chunk in lines.Where(l => l.State == PayoutState.Pending).Chunk(100))
        {
            var attempted = new SettlementCustomerLine[chunk.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.PayoutConcurrency), CancellationToken = cancellationToken },
                async (i, ct) => attempted[i] = Attempted(chunk[i], await gateway.TransferAsync(chunk[i].Payout, ct)));
            await runs.SaveOutcomesAsync(record, attempted, cancellationToken);
            stillPending += attempted.Count(l => l.State == PayoutState.Pending);
            done.AddRange(attempted);
        }

        if (stillPending > 0)
        {
            throw new InvalidOperationException($"{stillPending} transfers of batch {batch.Index} of run {record.RunId} v{batch.Version} failed and will be retried");
        }

        var final = lines.Where(l => l.State != PayoutState.Pending).Concat(done).ToList();
        var paid = final.Where(l => l.State is PayoutState.Paid or PayoutState.Reversed).ToList();
        return new PayoutBatchResult(paid.Count, paid.Sum(l => l.Payout.Amount), final.Count(l => l.State == PayoutState.Failed));
    }

    public async Task<int> ExportAsync(SettlementRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await FindAsync(request.ProgramId, request.Month, request.Version, cancellationToken);
        var lines = await runs.ReadLinesAsync(record, string.Empty, null, null, cancellationToken);
        return (await exports.WriteAsync(record, lines, cancellationToken)).Count;
    }

    /// <summary>Moves the run to <see cref="SettlementAdvance.To"/> unless it is there already; returns its status.</summary>
    public async Task<SettlementRunStatus> AdvanceAsync(SettlementAdvance advance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advance);
        var record = await FindAsync(advance.ProgramId, advance.Month, advance.Version, cancellationToken);
        if (record.Status == advance.To)
        {
            return record.Status;
        }

        var (moved, refusal) = record.MoveTo(advance.To, clock.GetUtcNow(), System, advance.Cause);
        if (moved is null)
        {
            throw new InvalidOperationException(refusal);
        }

        await runs.SaveAsync(record, moved, cancellationToken);
        return moved.Status;
    }

    /// <summary>The totals of a batch's lines, as its draft adds them up.</summary>
    public static SettlementRunTotals TotalsOf(SettlementRunRecord record, IReadOnlyList<SettlementCustomerLine> lines)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(lines);
        var statements = lines.Select(l => l.Statement).ToList();
        return SettlementRunTotals.Of(statements, [.. lines.Select(l => l.Payout)], SettlementJournal.AtApproval(record.RunId, record.Version, record.Month, statements));
    }

    /// <summary>
    /// A batch's statements for <paramref name="month"/>, from its frozen input, with each device's year to date: what
    /// approved runs of earlier months of the year settled for it (adjustments they carried included).
    /// </summary>
    private async Task<IReadOnlyList<CustomerStatement>> StatementsAsync(SettlementTermsHistory history, DateOnly month, TimeZoneInfo zone, HolidayCalendar holidays, SettlementBatchInput input,
        IReadOnlyList<SettlementRunRecord> all, Func<SettlementRunRecord, Task<IReadOnlyList<SettlementCustomerLine>>> linesOf, CancellationToken cancellationToken)
    {
        var yearToDate = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var run in LatestApproved(all).Where(r => r.Month < month && r.Month.Year == month.Year))
        {
            foreach (var statement in (await linesOf(run)).Select(l => l.Statement))
            {
                foreach (var (deviceId, amount) in statement.Enrolments.Select(e => (e.DeviceId, e.Total)).Concat(statement.Adjustments.Select(a => (a.DeviceId, a.Amount))))
                {
                    yearToDate[deviceId] = yearToDate.GetValueOrDefault(deviceId) + amount;
                }
            }
        }

        return await monthStatements.ComputeAsync(history, month, zone, holidays, input.Enrolments, [.. input.Events.Select(e => (e.Event, e.Report))], input.EventDays.ToHashSet(), yearToDate, cancellationToken);
    }

    /// <summary>
    /// The corrections of approved months before the run's that it carries, each claimed for it unless a run that was not
    /// rejected carries it or claimed it first. A claim is a compare-and-swap on the stored correction: two months prepared
    /// at once never both carry one (and pay it twice), and a prepare that runs again finds its own claims.
    /// </summary>
    private async Task<IReadOnlyList<SettlementCorrection>> ClaimCorrectionsAsync(SettlementRunRequest request, CancellationToken cancellationToken)
    {
        var self = new SettlementRunVersion(request.Month, request.Version);
        var claimed = new List<SettlementCorrection>();
        var corrections = await runs.ListCorrectionsAsync(request.ProgramId, cancellationToken);
        var all = await runs.ListAsync(request.ProgramId, cancellationToken);
        foreach (var correctionId in corrections.Where(c => c.Month < request.Month).Select(c => c.CorrectionId))
        {
            while (true)
            {
                var correction = corrections.Single(c => c.CorrectionId == correctionId);
                if (correction.ClaimedBy == self)
                {
                    claimed.Add(correction);
                    break;
                }

                // A claimant whose record is not stored yet is a run being prepared: its claim holds.
                var released = correction.ClaimedBy is not { } holder || all.Any(r => SettlementRunVersion.Of(r) == holder && SettlementRun.AllowsNextVersion(r.Status));
                if (!released || all.Any(r => r.Carries(correction)))
                {
                    break;
                }

                if (await runs.ClaimCorrectionAsync(correction, correction.ClaimedBy, self, cancellationToken))
                {
                    claimed.Add(correction with { ClaimedBy = self });
                    break;
                }

                // Another run claimed it since: read again what it and the runs now say.
                corrections = await runs.ListCorrectionsAsync(request.ProgramId, cancellationToken);
                all = await runs.ListAsync(request.ProgramId, cancellationToken);
            }
        }

        return claimed;
    }

    /// <summary>The month's events that held devices, each with its report; and the local days of every event in the month and the like-day lookback before it.</summary>
    private async Task<(List<SettledEvent> Events, List<DateOnly> EventDays)> EventsOfAsync(string programId, DateOnly month, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var fromUtc = LocalDays.StartUtc(month, zone);
        var toUtc = LocalDays.StartUtc(month.AddMonths(1), zone);
        var around = await events.ListStartingAsync(programId, fromUtc - TimeSpan.FromDays(LikeDays.LookbackDays + 1), toUtc, cancellationToken);
        var settled = new List<SettledEvent>();
        foreach (var dispatchEvent in around.Where(e => e.StartUtc >= fromUtc && e.Holds))
        {
            if (await reports.FindAsync(programId, dispatchEvent.EventId, cancellationToken) is { } report)
            {
                settled.Add(new SettledEvent(dispatchEvent, report));
            }
        }

        return (settled, EventSettler.EventDays(around, zone).Order().ToList());
    }

    /// <summary>The fleet's devices with a customer, enrolled before the month ended.</summary>
    private static List<SettlementEnrolment> EnrolmentsOf(IReadOnlyList<FleetDevice> fleet, DateOnly month) =>
        [.. fleet.Where(d => d.Registration.CustomerId is not null && (d.Registration.EnrolledOn is null || d.Registration.EnrolledOn < month.AddMonths(1)))
            .Select(d => new SettlementEnrolment(d.Registration.DeviceId, d.Registration.CustomerId!, d.Registration.Type, d.Registration.Ratings, d.Registration.EnrolledOn ?? month))];

    /// <summary>A batch's input: its enrolments, and of each event only these devices' part of the report.</summary>
    private static SettlementBatchInput BatchInput(List<SettlementEnrolment> enrolments, List<SettledEvent> settled, List<DateOnly> eventDays)
    {
        var devices = enrolments.Select(e => e.DeviceId).ToHashSet(StringComparer.Ordinal);
        return new SettlementBatchInput(enrolments, [.. settled.Select(s => s with { Report = s.Report with { Devices = [.. s.Report.Devices.Where(d => devices.Contains(d.DeviceId))] } })], eventDays);
    }

    private static bool InRange(string customerId, string from, string? until) =>
        string.CompareOrdinal(customerId, from) >= 0 && (until is null || string.CompareOrdinal(customerId, until) < 0);

    /// <summary>The latest approved version of each month, oldest month first.</summary>
    private static IEnumerable<SettlementRunRecord> LatestApproved(IReadOnlyList<SettlementRunRecord> all) =>
        all.Where(r => r.IsApproved).GroupBy(r => r.Month).Select(g => g.MaxBy(r => r.Version)!).OrderBy(r => r.Month);

    private SettlementCustomerLine Attempted(SettlementCustomerLine line, TransferOutcome outcome)
    {
        var attempts = line.Attempts + 1;
        if (outcome.Succeeded)
        {
            return line with { State = PayoutState.Paid, TransferId = outcome.TransferId, FailureCode = null, FailureMessage = null, Attempts = attempts };
        }

        var final = !outcome.Retryable || attempts >= settings.MaxTransferAttempts;
        return line with
        {
            State = final ? PayoutState.Failed : PayoutState.Pending,
            FailureCode = outcome.FailureCode,
            FailureMessage = outcome.Retryable && final ? $"gave up after {attempts} attempts: {outcome.FailureMessage}" : outcome.FailureMessage,
            Attempts = attempts,
        };
    }

    private async Task<SettlementRunRecord> FindAsync(string programId, DateOnly month, int version, CancellationToken cancellationToken) =>
        await runs.FindAsync(programId, month, version, cancellationToken) ?? throw new InvalidOperationException($"{SettlementRun.IdOf(programId, month)} has no version {version}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement run {RunId} v{Version} has waited for approval since {Since}")]
    private partial void LogReminder(string runId, int version, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settlement run {RunId} v{Version} is held {Status}: {Cause}")]
    private partial void LogHold(string runId, int version, string status, string cause);
}
