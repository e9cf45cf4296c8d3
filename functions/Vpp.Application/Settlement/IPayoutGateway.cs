using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// Pays a customer's payout line to their connected account. The line's idempotency key goes with every attempt, so
/// however often it is called for one line, the customer is paid once.
/// </summary>
public interface IPayoutGateway
{
    Task<TransferOutcome> TransferAsync(PayoutLine line, CancellationToken cancellationToken);

    /// <summary>Takes the line's transfer back in full; the outcome's id is the reversal's. Repeated, it reverses once.</summary>
    Task<TransferOutcome> ReverseAsync(PayoutLine line, string transferId, CancellationToken cancellationToken);
}
