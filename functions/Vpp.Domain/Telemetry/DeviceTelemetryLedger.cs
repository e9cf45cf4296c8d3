namespace Vpp.Domain.Telemetry;

/// <summary>
/// Counts one device's messages into its rollups exactly once. The ledger is the unit that is stored
/// atomically: the sequence window and every rollup it touched are written together, so a crash either
/// leaves a message fully counted or not at all, and a replay finds it already in the window.
/// </summary>
public sealed class DeviceTelemetryLedger
{
    // A ledger holds a handful of rollups (two per distinct minute it saw), so a list beats hashing on the hot path.
    private readonly List<TelemetryRollup> rollups;
    private readonly List<bool> touched;

    public DeviceTelemetryLedger(SequenceWindow window, LatestReading? latest, IEnumerable<TelemetryRollup> existingRollups)
    {
        Window = window;
        Latest = latest;
        rollups = [.. existingRollups];
        touched = new List<bool>(rollups.Count + 2);
        touched.AddRange(Enumerable.Repeat(false, rollups.Count));
    }

    public SequenceWindow Window { get; }

    /// <summary>The newest reading counted so far (by timestamp, then sequence).</summary>
    public LatestReading? Latest { get; private set; }

    /// <summary>Rollups changed since the ledger was loaded: what must be written back.</summary>
    public IEnumerable<TelemetryRollup> TouchedRollups
    {
        get
        {
            for (var i = 0; i < rollups.Count; i++)
            {
                if (touched[i])
                {
                    yield return rollups[i];
                }
            }
        }
    }

    public bool LatestChanged { get; private set; }

    /// <summary>The rollup keys a message contributes to; the store loads these before <see cref="Count"/>.</summary>
    public static (RollupKey Minute, RollupKey Quarter) KeysFor(TelemetryMessage message) =>
        (RollupKey.For(message.Timestamp, RollupResolution.OneMinute), RollupKey.For(message.Timestamp, RollupResolution.FifteenMinutes));

    public SequenceOutcome Count(TelemetryMessage message)
    {
        var outcome = Window.TryAccept(message.Sequence);
        if (outcome != SequenceOutcome.Accepted)
        {
            return outcome;
        }

        var (minute, quarter) = KeysFor(message);
        AddTo(minute, message);
        AddTo(quarter, message);

        if (Latest is null || (message.Timestamp, message.Sequence).CompareTo((Latest.Timestamp, Latest.Sequence)) > 0)
        {
            Latest = LatestReading.From(message);
            LatestChanged = true;
        }

        return outcome;
    }

    private void AddTo(RollupKey key, TelemetryMessage message)
    {
        var index = rollups.Count - 1;
        while (index >= 0 && (rollups[index].Resolution != key.Resolution || rollups[index].IntervalStart != key.IntervalStart))
        {
            index--;
        }

        if (index < 0)
        {
            rollups.Add(new TelemetryRollup(key.Resolution, key.IntervalStart));
            touched.Add(false);
            index = rollups.Count - 1;
        }

        rollups[index].Add(message);
        touched[index] = true;
    }
}
