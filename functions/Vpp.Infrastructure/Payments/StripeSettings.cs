namespace Vpp.Infrastructure.Payments;

/// <summary>
/// The platform's Stripe account, from configuration (<c>Stripe:SecretKey</c>, never code), the currency payouts are
/// made in, and in tests the API base of a fake. Network retries are the SDK's, with the same idempotency key.
/// </summary>
public sealed record StripeSettings(string SecretKey, string Currency = "usd", Uri? ApiBase = null, int MaxNetworkRetries = 2);
