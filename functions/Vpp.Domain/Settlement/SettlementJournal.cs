namespace Vpp.Domain.Settlement;

/// <summary>
/// The double-entry postings of a run. At approval each customer's statement total is recognised (DR incentive
/// expense, CR customer payable; a negative total reverses the sides); at payout each transfer settles the payable
/// (DR customer payable, CR cash); a reversal of a transfer puts it back (DR cash, CR customer payable). Every posting
/// is two entries of one amount, so debits equal credits by construction.
/// </summary>
public static class SettlementJournal
{
    public static IReadOnlyList<JournalEntry> AtApproval(string runId, int version, DateOnly date, IEnumerable<CustomerStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        return [.. statements.Where(s => s.Total != 0).SelectMany(s => s.Total > 0
            ? Posting($"{runId}:v{version}:approval:{s.CustomerId}", date, JournalAccount.IncentiveExpense, JournalAccount.CustomerPayable, s.Total, s.CustomerId, $"statement {runId} v{version}")
            : Posting($"{runId}:v{version}:approval:{s.CustomerId}", date, JournalAccount.CustomerPayable, JournalAccount.IncentiveExpense, -s.Total, s.CustomerId, $"clawback {runId} v{version}"))];
    }

    public static IReadOnlyList<JournalEntry> AtPayout(DateOnly date, PayoutLine line, string transferId)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Posting($"{line.IdempotencyKey}:payout", date, JournalAccount.CustomerPayable, JournalAccount.Cash, line.Amount, line.CustomerId, $"transfer {transferId}");
    }

    public static IReadOnlyList<JournalEntry> AtReversal(DateOnly date, PayoutLine line, string reversalId)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Posting($"{line.IdempotencyKey}:reversal", date, JournalAccount.Cash, JournalAccount.CustomerPayable, line.Amount, line.CustomerId, $"reversal {reversalId}");
    }

    /// <summary>Net credit to <paramref name="account"/> (credits less debits).</summary>
    public static decimal NetCredit(IEnumerable<JournalEntry> entries, string account) => entries.Where(e => e.Account == account).Sum(e => e.Credit - e.Debit);

    private static JournalEntry[] Posting(string id, DateOnly date, string debitAccount, string creditAccount, decimal amount, string customerId, string reference) =>
    [
        new($"{id}:dr", date, debitAccount, amount, 0, customerId, reference),
        new($"{id}:cr", date, creditAccount, 0, amount, customerId, reference),
    ];
}
