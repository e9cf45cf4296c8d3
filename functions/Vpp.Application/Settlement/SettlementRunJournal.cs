using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// A run version's journal as it stands: the approval's postings (dated the day it was approved), a payout posting
/// for each transfer made (dated the day the run was paid out) and a reversal posting for each transfer taken back
/// (dated the day it was).
/// </summary>
public static class SettlementRunJournal
{
    public static IReadOnlyList<JournalEntry> Of(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(lines);
        var approvedOn = DayOf(run, SettlementRunStatus.Approved) ?? run.Month.AddMonths(1);
        var paidOn = DayOf(run, SettlementRunStatus.PaidOut) ?? approvedOn;
        var journal = new List<JournalEntry>(SettlementJournal.AtApproval(run.RunId, run.Version, approvedOn, [.. lines.Select(l => l.Statement)]));
        foreach (var line in lines.Where(l => l.TransferId is not null && l.State is PayoutState.Paid or PayoutState.Reversed))
        {
            journal.AddRange(SettlementJournal.AtPayout(paidOn, line.Payout, line.TransferId!));
            if (line is { State: PayoutState.Reversed, ReversalId: { } reversal })
            {
                journal.AddRange(SettlementJournal.AtReversal(line.ReversedOn ?? paidOn, line.Payout, reversal));
            }
        }

        return journal;
    }

    /// <summary>The run as the domain knows it, whole: every statement and payout line.</summary>
    public static SettlementRun Whole(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(lines);
        return new SettlementRun(run.ProgramId, run.Month, run.Version, run.Status, [.. lines.Select(l => l.Statement)], [.. lines.Select(l => l.Payout)], run.History);
    }

    private static DateOnly? DayOf(SettlementRunRecord run, SettlementRunStatus status) =>
        run.History.LastOrDefault(h => h.To == status) is { } move ? DateOnly.FromDateTime(move.AtUtc.UtcDateTime) : null;
}
