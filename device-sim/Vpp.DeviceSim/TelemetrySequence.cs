namespace Vpp.DeviceSim;

/// <summary>
/// A simulated device's telemetry sequence number, derived from the interval's start so that it only ever grows across
/// simulator restarts, with nothing to remember. It counts minutes since the epoch when the interval is whole minutes
/// (every default, and every interval the local run stretches to), so a run at another interval carries on where the
/// last left off: the ingestion's de-duplication window would dead-letter a device whose numbers went back (for the
/// rest of the UTC month). Sub-minute intervals count seconds, which no minute count ever passes.
/// </summary>
public static class TelemetrySequence
{
    public static long For(DateTimeOffset intervalStart, int intervalSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalSeconds);
        var seconds = intervalStart.ToUnixTimeSeconds();
        return intervalSeconds % 60 == 0 ? seconds / 60 : seconds;
    }
}
