using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// One version of a program's month as stored: its status and every move, its totals (<see cref="SettlementRunTotals"/>)
/// and the first customer of each batch its statements were computed and are paid in. Each customer's statement and
/// payout line is kept apart (<see cref="SettlementCustomerLine"/>): a run of 100,000 customers outgrows one record.
/// </summary>
public sealed record SettlementRunRecord(
    string ProgramId,
    DateOnly Month,
    int Version,
    SettlementRunStatus Status,
    SettlementRunTotals Totals,
    IReadOnlyList<SettlementTransition> History,
    IReadOnlyList<string> BatchStarts,
    int Enrolments = 0)
{
    /// <summary>The corrections of approved months this run carries as adjustment lines.</summary>
    public IReadOnlyList<SettlementCorrection> Corrections { get; init; } = [];

    public string RunId => SettlementRun.IdOf(ProgramId, Month);

    /// <summary>The run moved to <paramref name="to"/> (the domain's lifecycle), or why it cannot move there.</summary>
    public (SettlementRunRecord? Record, string? Refusal) MoveTo(SettlementRunStatus to, DateTimeOffset now, string by, string cause) =>
        SettlementRun.RefusalOf(RunId, Version, Status, to) is { } refusal
            ? (null, refusal)
            : (this with { Status = to, History = [.. History, new SettlementTransition(to, now, by, cause)] }, null);

    /// <summary>The run where it is, with a note in its history: a reminder, a hold (<paramref name="held"/>), a resumption.</summary>
    public SettlementRunRecord Noting(DateTimeOffset now, string by, string cause, bool held = false) =>
        this with { History = [.. History, new SettlementTransition(Status, now, by, cause) { Held = held }] };

    /// <summary>Whether this run carries the correction and can still settle it: it does unless it was rejected or failed.</summary>
    public bool Carries(SettlementCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        return !SettlementRun.AllowsNextVersion(Status) && Corrections.Any(c => c.CorrectionId == correction.CorrectionId);
    }

    /// <summary>The batch a customer's line is computed and paid in: the last whose first customer id is not after theirs (ordinal).</summary>
    public int BatchOf(string customerId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var (low, high) = (0, BatchStarts.Count - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            (low, high) = string.CompareOrdinal(BatchStarts[middle], customerId) <= 0 ? (middle, high) : (low, middle - 1);
        }

        return Math.Max(0, low);
    }

    /// <summary>The entry that holds the run when its last step failed for good and no one has resumed it since; null otherwise.</summary>
    public SettlementTransition? Hold => History.Count > 0 && History[^1].Held ? History[^1] : null;

    /// <summary>Approved, paid out or completed: its statements stand, and its payout lines are what was (or is being) paid.</summary>
    public bool IsApproved => Status is SettlementRunStatus.Approved or SettlementRunStatus.PaidOut or SettlementRunStatus.Completed;
}
