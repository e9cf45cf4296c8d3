using Vpp.Domain.Devices;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// When each device is released after an event: spread at random over a window from the event's end, so the fleet's
/// deferred load (houses to re-cool, tanks to reheat, cars to charge) does not return all at once as a new peak. The
/// draw is <see cref="DispatchDraw.Uniform"/> of device, event and end: the same on every retry and replay, unrelated
/// across devices.
/// </summary>
public static class StaggeredRelease
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(30);

    /// <summary>The device's release: within [<paramref name="fromUtc"/>, <paramref name="fromUtc"/> + <paramref name="window"/>), to the whole second.</summary>
    public static DateTimeOffset At(string deviceId, string eventId, DateTimeOffset fromUtc, TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
        {
            return fromUtc;
        }

        var offsetSeconds = Math.Floor(DispatchDraw.Uniform(deviceId, eventId, fromUtc) * window.TotalSeconds);
        return fromUtc + TimeSpan.FromSeconds(offsetSeconds);
    }
}
