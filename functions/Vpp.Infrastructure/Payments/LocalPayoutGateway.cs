using Azure;
using Azure.Data.Tables;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Payments;

/// <summary>
/// The local stack's stand-in for Stripe when no <c>Stripe:SecretKey</c> is configured: each transfer and reversal is
/// a row in <c>localtransfers</c> keyed by its idempotency key, so a repeated call returns the first one's id, as
/// Stripe's idempotency does. Nothing leaves the machine.
/// </summary>
public sealed class LocalPayoutGateway(StorageTables tables) : IPayoutGateway
{
    public Task<TransferOutcome> TransferAsync(PayoutLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        return RecordAsync(line.IdempotencyKey, "tr_local_", line, cancellationToken);
    }

    public Task<TransferOutcome> ReverseAsync(PayoutLine line, string transferId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        return RecordAsync($"{line.IdempotencyKey}:reversal", "trr_local_", line, cancellationToken);
    }

    private async Task<TransferOutcome> RecordAsync(string key, string prefix, PayoutLine line, CancellationToken cancellationToken)
    {
        var row = new TableEntity(key, string.Empty)
        {
            ["Id"] = prefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..24],
            ["CustomerId"] = line.CustomerId,
            ["Destination"] = line.ConnectedAccountId,
            ["AmountCents"] = line.AmountCents,
        };
        try
        {
            await tables.LocalTransfers.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            row = (await tables.LocalTransfers.FindAsync(key, string.Empty, cancellationToken))!;
        }

        return TransferOutcome.Paid(row.GetString("Id"));
    }
}
