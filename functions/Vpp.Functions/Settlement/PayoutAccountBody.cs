namespace Vpp.Functions.Settlement;

/// <summary>The customer's Stripe connected account, as their onboarding with Stripe created it (<c>acct_…</c>).</summary>
public sealed record PayoutAccountBody(string? ConnectedAccountId);
