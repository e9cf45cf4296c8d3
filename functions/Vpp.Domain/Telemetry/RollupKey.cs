namespace Vpp.Domain.Telemetry;

/// <summary>Identifies one rollup of one device: grain and interval start (UTC).</summary>
public readonly record struct RollupKey(RollupResolution Resolution, DateTimeOffset IntervalStart)
{
    public static RollupKey For(DateTimeOffset timestamp, RollupResolution resolution) =>
        new(resolution, TelemetryRollup.IntervalStartOf(timestamp, resolution));

    /// <summary>The UTC hour the interval starts in.</summary>
    public DateTimeOffset Hour => new(IntervalStart.UtcTicks - (IntervalStart.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
}
