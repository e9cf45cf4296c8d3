namespace Vpp.Infrastructure.Payments;

/// <summary>
/// The platform's Stripe account, from configuration (<c>Stripe:SecretKey</c>, never code), the currency payouts are
/// made in, and in tests the API base of a fake. Network retries are the SDK's, with the same idempotency key.
/// Requests are held to <see cref="RequestsPerSecond"/> (<c>Stripe:RequestsPerSecond</c>); null leaves them unpaced,
/// for a fake only.
/// </summary>
public sealed record StripeSettings(string SecretKey, string Currency = "usd", Uri? ApiBase = null, int MaxNetworkRetries = 2,
    double? RequestsPerSecond = StripeSettings.DefaultRequestsPerSecond)
{
    /// <summary>
    /// Under Stripe's published limits: 25 requests a second to one endpoint unless an account is granted more (100 a
    /// second across the live API, 25 in a sandbox). Above them Stripe answers 429, and a run retries the lines it refused.
    /// </summary>
    public const double DefaultRequestsPerSecond = 20;

    /// <summary>How long one attempt may take from its turn to its answer before it counts as a timeout (retryable).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
