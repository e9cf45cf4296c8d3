namespace Vpp.Application.Settlement;

/// <summary>Each customer's payout account: the Stripe connected account their onboarding created.</summary>
public interface IPayoutAccountStore
{
    Task SaveAsync(string customerId, string connectedAccountId, CancellationToken cancellationToken);

    Task<string?> FindAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>Every customer's account, by customer id.</summary>
    Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken);
}
