namespace Vpp.Domain.Telemetry;

/// <summary>
/// Counts one device's messages into its rollups exactly once. The ledger is the unit that is stored
/// atomically: the sequence window and every rollup it touched are written together, so a crash either
/// leaves a message fully counted or not at all, and a replay finds it already in the window.
/// </summary>
public sealed class DeviceTelemetryLedger
{
    private readonly Dictionary<RollupKey, TelemetryRollup> rollups;
    private readonly HashSet<RollupKey> touched = [];

    public DeviceTelemetryLedger(SequenceWindow window, LatestReading? latest, IEnumerable<TelemetryRollup> existingRollups)
    {
        Window = window;
        Latest = latest;
        rollups = existingRollups.ToDictionary(r => new RollupKey(r.Resolution, r.IntervalStart));
    }

    public SequenceWindow Window { get; }

    /// <summary>The newest reading counted so far (by timestamp, then sequence).</summary>
    public LatestReading? Latest { get; private set; }

    /// <summary>Rollups changed since the ledger was loaded: what must be written back.</summary>
    public IEnumerable<TelemetryRollup> TouchedRollups => touched.Select(k => rollups[k]);

    public bool LatestChanged { get; private set; }

    /// <summary>The rollup keys a message contributes to; the store loads these before <see cref="Count"/>.</summary>
    public static IEnumerable<RollupKey> KeysFor(TelemetryMessage message)
    {
        yield return RollupKey.For(message.Timestamp, RollupResolution.OneMinute);
        yield return RollupKey.For(message.Timestamp, RollupResolution.FifteenMinutes);
    }

    public SequenceOutcome Count(TelemetryMessage message)
    {
        var outcome = Window.TryAccept(message.Sequence);
        if (outcome != SequenceOutcome.Accepted)
        {
            return outcome;
        }

        foreach (var key in KeysFor(message))
        {
            if (!rollups.TryGetValue(key, out var rollup))
            {
                rollup = new TelemetryRollup(key.Resolution, key.IntervalStart);
                rollups[key] = rollup;
            }

            rollup.Add(message);
            touched.Add(key);
        }

        if (Latest is null || (message.Timestamp, message.Sequence).CompareTo((Latest.Timestamp, Latest.Sequence)) > 0)
        {
            Latest = LatestReading.From(message);
            LatestChanged = true;
        }

        return outcome;
    }
}
