using System.Threading.RateLimiting;

namespace Vpp.Infrastructure.Throttling;

/// <summary>
/// Holds an adapter's requests to a provider's documented rate: a token bucket refilled every 50 ms that queues callers
/// rather than refusing them. It starts full and holds <c>burst</c> requests, so any one second sees at most burst + rate
/// of them: a provider counting per second needs a small burst. A 429 the provider still answers (other writers share
/// its limit) is the adapter's to retry.
/// </summary>
public sealed class RequestRate : IDisposable
{
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(50);
    private readonly TokenBucketRateLimiter bucket;

    /// <param name="perSecond">The steady rate.</param>
    /// <param name="burst">How many requests may go at once after a quiet spell (at least one refill's worth).</param>
    public RequestRate(double perSecond, int burst)
    {
        if (!(perSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "a rate allows some requests a second");
        }

        PerSecond = perSecond;
        var perRefill = Math.Max(1, (int)Math.Round(perSecond * Refill.TotalSeconds));
        bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(perRefill, burst),
            TokensPerPeriod = perRefill,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perRefill / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public double PerSecond { get; }

    /// <summary>Waits for a request's turn.</summary>
    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        using var lease = await bucket.AcquireAsync(1, cancellationToken);
    }

    public void Dispose() => bucket.Dispose();
}
