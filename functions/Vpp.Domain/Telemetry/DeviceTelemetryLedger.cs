namespace Vpp.Domain.Telemetry;

/// <summary>
/// Counts one device's messages into its rollups exactly once. The ledger is the unit that is stored
/// atomically: the sequence state and every rollup it touched are written together, so a crash either
/// leaves a message fully counted or not at all, and a replay finds it already counted.
/// A ledger is a working copy: a store fills it (<see cref="Reset"/>, <see cref="AddStored"/>), messages are counted
/// into it, and the store copies back what it must keep. One ledger serves device after device, so counting a
/// batch allocates no ledger state per device.
/// </summary>
public sealed class DeviceTelemetryLedger
{
    // A ledger holds a handful of rollups (two per distinct minute it saw), so a list beats hashing on the hot path.
    private readonly List<(RollupKey Key, RollupValues Values, bool Touched)> entries = new(4);
    private LatestReading? stored;

    // The newest message counted since loading, made a reading when asked for.
    private TelemetryMessage newest;

    /// <summary>The sequence state, counted into in place.</summary>
    public DeviceSequence Sequence { get; } = DeviceSequence.Empty();

    /// <summary>The newest reading counted so far (by timestamp, then sequence).</summary>
    public LatestReading? Latest => LatestChanged ? LatestReading.From(newest) : stored;

    /// <summary>Rollups changed since the ledger was loaded: what must be written back.</summary>
    public TouchedRollupList TouchedRollups => new(entries);

    public bool LatestChanged { get; private set; }

    /// <summary>The rollup keys a message contributes to; the store loads these before <see cref="Count"/>.</summary>
    public static (RollupKey Minute, RollupKey Quarter) KeysFor(in TelemetryMessage message) =>
        (RollupKey.For(message.Timestamp, RollupResolution.OneMinute), RollupKey.For(message.Timestamp, RollupResolution.FifteenMinutes));

    /// <summary>Starts over from a stored state (copied, so counting never changes what the store keeps) with no rollups.</summary>
    public void Reset(DeviceSequence storedSequence, LatestReading? storedLatest)
    {
        Sequence.CopyFrom(storedSequence);
        stored = storedLatest;
        LatestChanged = false;
        entries.Clear();
    }

    /// <summary>A stored rollup that messages about to be counted add to.</summary>
    public void AddStored(RollupKey key, in RollupValues values) => entries.Add((key, values, false));

    public SequenceOutcome Count(in TelemetryMessage message)
    {
        var outcome = Sequence.TryAccept(message.Sequence, message.Timestamp, message.IntervalSeconds);
        if (outcome is not (SequenceOutcome.Accepted or SequenceOutcome.AcceptedAfterCounterReset))
        {
            return outcome;
        }

        var (minute, quarter) = KeysFor(message);
        AddTo(minute, message);
        AddTo(quarter, message);

        var newer = LatestChanged ? (message.Timestamp, message.Sequence).CompareTo((newest.Timestamp, newest.Sequence)) > 0
            : stored is not { } kept || (message.Timestamp, message.Sequence).CompareTo((kept.Timestamp, kept.Sequence)) > 0;
        if (newer)
        {
            newest = message;
            LatestChanged = true;
        }

        return outcome;
    }

    private void AddTo(RollupKey key, in TelemetryMessage message)
    {
        var index = entries.Count - 1;
        while (index >= 0 && entries[index].Key != key)
        {
            index--;
        }

        if (index < 0)
        {
            entries.Add((key, RollupValues.Empty, false));
            index = entries.Count - 1;
        }

        entries[index] = (key, entries[index].Values.Plus(message), true);
    }

    /// <summary>The touched rollups, enumerable without allocating (the ledger is on the ingestion hot path).</summary>
    public readonly struct TouchedRollupList(List<(RollupKey Key, RollupValues Values, bool Touched)> entries) : IEnumerable<(RollupKey Key, RollupValues Values)>
    {
        public Enumerator GetEnumerator() => new(entries);

        IEnumerator<(RollupKey Key, RollupValues Values)> IEnumerable<(RollupKey Key, RollupValues Values)>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator(List<(RollupKey Key, RollupValues Values, bool Touched)> entries) : IEnumerator<(RollupKey Key, RollupValues Values)>
        {
            private int index = -1;

            public readonly (RollupKey Key, RollupValues Values) Current => (entries[index].Key, entries[index].Values);

            readonly object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                while (++index < entries.Count)
                {
                    if (entries[index].Touched)
                    {
                        return true;
                    }
                }

                return false;
            }

            public void Reset() => index = -1;

            public readonly void Dispose()
            {
            }
        }
    }
}
