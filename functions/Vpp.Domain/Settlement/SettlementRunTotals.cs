namespace Vpp.Domain.Settlement;

/// <summary>
/// A run's sums, which add up batch by batch: its customers, Σ statements, Σ brought forward from earlier runs, Σ
/// transfers, Σ carried, and what the approval's journal credits the customer payable with and debits and credits in
/// all. <see cref="Imbalance"/> is the invariant every run is checked against before anything is paid.
/// </summary>
public sealed record SettlementRunTotals(
    int Customers,
    decimal Statements,
    decimal BroughtForward,
    decimal Transfers,
    decimal Carried,
    decimal PayableCredited,
    decimal JournalDebits,
    decimal JournalCredits)
{
    public static readonly SettlementRunTotals Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static SettlementRunTotals Of(IReadOnlyCollection<CustomerStatement> statements, IReadOnlyCollection<PayoutLine> payouts, IReadOnlyCollection<JournalEntry> approvalJournal)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(payouts);
        ArgumentNullException.ThrowIfNull(approvalJournal);
        return new SettlementRunTotals(
            statements.Count,
            statements.Sum(s => s.Total),
            payouts.Sum(p => p.BroughtForward),
            payouts.Where(p => p.Disposition == PayoutDisposition.Transfer).Sum(p => p.Amount),
            payouts.Where(p => p.Disposition != PayoutDisposition.Transfer).Sum(p => p.Amount),
            SettlementJournal.NetCredit(approvalJournal, JournalAccount.CustomerPayable),
            approvalJournal.Sum(e => e.Debit),
            approvalJournal.Sum(e => e.Credit));
    }

    public SettlementRunTotals Plus(SettlementRunTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new SettlementRunTotals(Customers + other.Customers, Statements + other.Statements, BroughtForward + other.BroughtForward, Transfers + other.Transfers,
            Carried + other.Carried, PayableCredited + other.PayableCredited, JournalDebits + other.JournalDebits, JournalCredits + other.JournalCredits);
    }

    /// <summary>
    /// Null when Σ statements + Σ brought forward = Σ transfers + Σ carried, the journal credits the payable with Σ
    /// statements exactly and its debits equal its credits; else what does not add up, to the cent.
    /// </summary>
    public string? Imbalance()
    {
        if (Statements + BroughtForward != Transfers + Carried)
        {
            return $"statements {Statements:0.00} + brought forward {BroughtForward:0.00} ≠ transfers {Transfers:0.00} + carried {Carried:0.00}";
        }

        if (PayableCredited != Statements)
        {
            return $"journal credits {PayableCredited:0.00} to {JournalAccount.CustomerPayable}, statements total {Statements:0.00}";
        }

        return JournalDebits == JournalCredits ? null : $"journal debits {JournalDebits:0.00} ≠ credits {JournalCredits:0.00}";
    }
}
