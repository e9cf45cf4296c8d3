using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// A customer's part of a run version: their statement, their payout line and what became of it (the provider's
/// transfer id, or the failure with its code, after how many attempts; a reversal's id and date).
/// </summary>
public sealed record SettlementCustomerLine(
    CustomerStatement Statement,
    PayoutLine Payout,
    PayoutState State,
    string? TransferId = null,
    string? FailureCode = null,
    string? FailureMessage = null,
    int Attempts = 0,
    string? ReversalId = null,
    DateOnly? ReversedOn = null)
{
    public string CustomerId => Statement.CustomerId;

    /// <summary>What this line leaves owed to (or, when negative, by) the customer for the next run: all of it unless it was paid.</summary>
    public decimal CarriedForward => State == PayoutState.Paid ? 0 : Payout.Amount;

    public static SettlementCustomerLine For(CustomerStatement statement, PayoutLine payout)
    {
        ArgumentNullException.ThrowIfNull(payout);
        return new(statement, payout, payout.Disposition == PayoutDisposition.Transfer ? PayoutState.Pending : PayoutState.NotTransferred);
    }
}
