using System.Threading.RateLimiting;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>
/// Keeps the adapter's twin updates within the hub's throttle (<c>IoTHub:TwinUpdatesPerSecond</c>: 50 for an S1 or S2
/// hub, 250 per unit on S3): a token bucket holding one second's worth, refilled every 50 ms, that queues callers rather
/// than refusing them. A 429 the hub still answers (other writers share its throttle) is waited out and retried.
/// </summary>
public sealed class IotHubThrottle : IDisposable
{
    public const double DefaultTwinUpdatesPerSecond = 50;
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(50);
    private readonly TokenBucketRateLimiter twinUpdates;

    public IotHubThrottle(double twinUpdatesPerSecond)
    {
        if (!(twinUpdatesPerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(twinUpdatesPerSecond), "a hub allows some twin updates a second");
        }

        TwinUpdatesPerSecond = twinUpdatesPerSecond;
        var perRefill = Math.Max(1, (int)Math.Round(twinUpdatesPerSecond * Refill.TotalSeconds));
        twinUpdates = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)twinUpdatesPerSecond),
            TokensPerPeriod = perRefill,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perRefill / twinUpdatesPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public double TwinUpdatesPerSecond { get; }

    /// <summary>Waits for a twin update's turn.</summary>
    public async ValueTask TwinUpdateAsync(CancellationToken cancellationToken)
    {
        using var lease = await twinUpdates.AcquireAsync(1, cancellationToken);
    }

    public void Dispose() => twinUpdates.Dispose();
}
