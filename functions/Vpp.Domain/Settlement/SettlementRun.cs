namespace Vpp.Domain.Settlement;

/// <summary>
/// A program's settlement of one month, one version of it. Drafted with every customer's statement and payout line, it
/// waits for a program manager: approved, it is immutable and goes on to payouts and exports; rejected, it is
/// recomputed as the next version (terms corrected, late telemetry in). It moves only along <see cref="Allowed"/>, and
/// keeps every move. Its <see cref="Balances"/> invariant holds the statements, payout lines and journal to the cent.
/// </summary>
public sealed record SettlementRun(
    string ProgramId,
    DateOnly Month,
    int Version,
    SettlementRunStatus Status,
    IReadOnlyList<CustomerStatement> Statements,
    IReadOnlyList<PayoutLine> Payouts,
    IReadOnlyList<SettlementTransition> History)
{
    private static readonly Dictionary<SettlementRunStatus, SettlementRunStatus[]> Allowed = new()
    {
        [SettlementRunStatus.Computing] = [SettlementRunStatus.Draft, SettlementRunStatus.Failed],
        [SettlementRunStatus.Draft] = [SettlementRunStatus.Approved, SettlementRunStatus.Rejected],
        [SettlementRunStatus.Approved] = [SettlementRunStatus.PaidOut],
        [SettlementRunStatus.PaidOut] = [SettlementRunStatus.Completed],
    };

    public string RunId => IdOf(ProgramId, Month);

    public decimal StatementsTotal => Statements.Sum(s => s.Total);

    public decimal BroughtForwardTotal => Payouts.Sum(p => p.BroughtForward);

    public decimal TransfersTotal => Payouts.Where(p => p.Disposition == PayoutDisposition.Transfer).Sum(p => p.Amount);

    public decimal CarriedTotal => Payouts.Where(p => p.Disposition != PayoutDisposition.Transfer).Sum(p => p.Amount);

    public static string IdOf(string programId, DateOnly month) => $"{programId}:{month:yyyy-MM}";

    /// <summary>
    /// A draft: each customer's statement with what earlier runs carried for them, transferred where they have an
    /// account and the amount reaches <paramref name="minimumPayout"/>, carried otherwise.
    /// </summary>
    public static SettlementRun Draft(string programId, DateOnly month, int version, IReadOnlyList<CustomerStatement> statements,
        IReadOnlyDictionary<string, string> connectedAccounts, IReadOnlyDictionary<string, decimal> broughtForward, decimal minimumPayout, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(connectedAccounts);
        ArgumentNullException.ThrowIfNull(broughtForward);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        var first = new DateOnly(month.Year, month.Month, 1);
        var runId = IdOf(programId, first);
        var payouts = statements.Select(s => PayoutLine.For(runId, version, s, connectedAccounts.GetValueOrDefault(s.CustomerId), broughtForward.GetValueOrDefault(s.CustomerId), minimumPayout)).ToList();
        return new SettlementRun(programId, first, version, SettlementRunStatus.Draft, statements, payouts,
            [new SettlementTransition(SettlementRunStatus.Draft, now, by, $"computed {statements.Count} statements")]);
    }

    /// <summary>The run moved to <paramref name="to"/>, or why it cannot move there.</summary>
    public (SettlementRun? Run, string? Refusal) MoveTo(SettlementRunStatus to, DateTimeOffset now, string by, string cause) =>
        RefusalOf(RunId, Version, Status, to) is { } refusal
            ? (null, refusal)
            : (this with { Status = to, History = [.. History, new SettlementTransition(to, now, by, cause)] }, null);

    /// <summary>Why a run version in <paramref name="from"/> cannot become <paramref name="to"/>, or null when it can.</summary>
    public static string? RefusalOf(string runId, int version, SettlementRunStatus from, SettlementRunStatus to)
    {
        if (Allowed.TryGetValue(from, out var next) && next.Contains(to))
        {
            return null;
        }

        return from is SettlementRunStatus.Approved or SettlementRunStatus.PaidOut or SettlementRunStatus.Completed && to is SettlementRunStatus.Rejected or SettlementRunStatus.Draft
            ? $"run {runId} v{version} is {Name(from)}: approved runs are immutable, corrections go in the next run as adjustments"
            : $"run {runId} v{version} is {Name(from)} and cannot become {Name(to)}";
    }

    public static string Name(SettlementRunStatus status) => status switch
    {
        SettlementRunStatus.PaidOut => "paid-out",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether a new version may be computed: only after this one was rejected, or failed while computing.</summary>
    public bool CanRecompute => AllowsNextVersion(Status);

    /// <summary>Whether a new version may be computed after one in <paramref name="status"/>.</summary>
    public static bool AllowsNextVersion(SettlementRunStatus status) => status is SettlementRunStatus.Rejected or SettlementRunStatus.Failed;

    /// <summary>
    /// Σ statements + Σ brought forward = Σ transfers + Σ carried, and the approval's journal credits the payable with
    /// Σ statements exactly, debits equalling credits. Checked in every run before anything is paid.
    /// </summary>
    public string? Balances(IReadOnlyList<JournalEntry> approvalJournal) => SettlementRunTotals.Of(Statements, Payouts, approvalJournal).Imbalance();
}
