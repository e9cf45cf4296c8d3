namespace Vpp.Application.Settlement;

/// <summary>Each customer's payout account: the Stripe connected account their onboarding created.</summary>
public interface IPayoutAccountStore
{
    Task SaveAsync(string customerId, string connectedAccountId, CancellationToken cancellationToken);

    Task<string?> FindAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>The accounts of customers with ids in [<paramref name="fromCustomer"/>, <paramref name="untilCustomer"/>) (null: to the last).</summary>
    Task<IReadOnlyDictionary<string, string>> ListAsync(string fromCustomer, string? untilCustomer, CancellationToken cancellationToken);
}
