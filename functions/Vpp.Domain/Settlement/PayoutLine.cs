namespace Vpp.Domain.Settlement;

/// <summary>
/// What a run owes one customer (<see cref="Amount"/>: this run's statement plus what earlier runs carried) and what
/// happens to it. <see cref="IdempotencyKey"/> is derived from the run's version and the customer alone, so however
/// often a transfer is retried, replayed or delivered twice, the payment provider makes it once.
/// </summary>
public sealed record PayoutLine(string CustomerId, string? ConnectedAccountId, decimal StatementTotal, decimal BroughtForward, PayoutDisposition Disposition, string IdempotencyKey)
{
    public decimal Amount => StatementTotal + BroughtForward;

    /// <summary>The amount in the currency's smallest unit (cents), as payment APIs take it.</summary>
    public long AmountCents => (long)(Amount * 100);

    public static string KeyFor(string runId, int version, string customerId) => $"vpp-settlement:{runId}:v{version}:{customerId}";

    /// <summary>The line for a customer: transferred when there is an account and the amount reaches <paramref name="minimumPayout"/>.</summary>
    public static PayoutLine For(string runId, int version, CustomerStatement statement, string? connectedAccountId, decimal broughtForward, decimal minimumPayout)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var amount = statement.Total + broughtForward;
        var disposition = amount <= 0 ? PayoutDisposition.CarriedOwed
            : string.IsNullOrEmpty(connectedAccountId) ? PayoutDisposition.CarriedNoAccount
            : amount < minimumPayout ? PayoutDisposition.RolledOver
            : PayoutDisposition.Transfer;
        return new PayoutLine(statement.CustomerId, connectedAccountId, statement.Total, broughtForward, disposition, KeyFor(runId, version, statement.CustomerId));
    }
}
