using Vpp.Infrastructure.Throttling;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>
/// Keeps the adapter's twin updates within the hub's throttle (<c>IoTHub:TwinUpdatesPerSecond</c>: 50 for an S1 or S2
/// hub, 250 per unit on S3), queueing callers rather than refusing them (<see cref="RequestRate"/>). A 429 the hub
/// still answers (other writers share its throttle) is waited out and retried.
/// </summary>
public sealed class IotHubThrottle : IDisposable
{
    public const double DefaultTwinUpdatesPerSecond = 50;
    private readonly RequestRate twinUpdates;

    public IotHubThrottle(double twinUpdatesPerSecond)
    {
        if (!(twinUpdatesPerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(twinUpdatesPerSecond), "a hub allows some twin updates a second");
        }

        // The hub's throttle is a rate over time, not per clock second: a second's worth may go at once.
        twinUpdates = new RequestRate(twinUpdatesPerSecond, burst: Math.Max(1, (int)twinUpdatesPerSecond));
    }

    public double TwinUpdatesPerSecond => twinUpdates.PerSecond;

    /// <summary>Waits for a twin update's turn.</summary>
    public ValueTask TwinUpdateAsync(CancellationToken cancellationToken) => twinUpdates.WaitTurnAsync(cancellationToken);

    public void Dispose() => twinUpdates.Dispose();
}
