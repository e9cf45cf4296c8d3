using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>A statement's payout: the amount with what earlier runs carried, whether it is transferred or carried and why, and the transfer's state and ids.</summary>
public sealed record PayoutView(decimal Amount, decimal BroughtForward, PayoutDisposition Disposition, PayoutState State, string? TransferId, string? FailureCode, string? ReversalId)
{
    public static PayoutView Of(SettlementCustomerLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new PayoutView(line.Payout.Amount, line.Payout.BroughtForward, line.Payout.Disposition, line.State, line.TransferId, line.FailureCode, line.ReversalId);
    }
}
