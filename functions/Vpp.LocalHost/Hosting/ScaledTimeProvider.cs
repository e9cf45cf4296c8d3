namespace Vpp.LocalHost.Hosting;

/// <summary>
/// The local stack's clock: starts at <see cref="Origin"/> and runs <see cref="Speed"/> times faster than the wall clock
/// (<c>--speed 60</c> plays an hour a minute). Handler, timers and simulator share one origin and speed. Given the
/// wall-clock instant it read its origin at (<paramref name="wallStart"/>), a restarted host keeps the same clock, as
/// the durable timers of orchestrations it started before need.
/// </summary>
public sealed class ScaledTimeProvider(DateTimeOffset origin, double speed, TimeProvider? wall = null, DateTimeOffset? wallStart = null) : TimeProvider
{
    private readonly TimeProvider wallClock = wall ?? System;

    /// <summary>The wall-clock instant at which this clock read <see cref="Origin"/>; the simulator aligns to it.</summary>
    public DateTimeOffset WallStart { get; } = wallStart ?? (wall ?? System).GetUtcNow();

    public DateTimeOffset Origin { get; } = origin;

    public double Speed { get; } = speed > 0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), "speed must be positive");

    public override DateTimeOffset GetUtcNow() => Origin + ((wallClock.GetUtcNow() - WallStart) * Speed);

    /// <summary>How long to wait on the wall clock for <paramref name="simulated"/> to pass on this clock.</summary>
    public TimeSpan ToWallTime(TimeSpan simulated) => simulated <= TimeSpan.Zero ? TimeSpan.Zero : simulated / Speed;
}
