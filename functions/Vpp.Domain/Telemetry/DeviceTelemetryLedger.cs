namespace Vpp.Domain.Telemetry;

/// <summary>
/// Counts one device's messages into its rollups exactly once. The ledger is the unit that is stored
/// atomically: the sequence state and every rollup it touched are written together, so a crash either
/// leaves a message fully counted or not at all, and a replay finds it already counted.
/// </summary>
public sealed class DeviceTelemetryLedger
{
    // A ledger holds a handful of rollups (two per distinct minute it saw), so a list beats hashing on the hot path.
    private readonly List<(TelemetryRollup Rollup, bool Touched)> entries;

    public DeviceTelemetryLedger(DeviceSequence sequence, LatestReading? latest, IEnumerable<TelemetryRollup> existingRollups)
    {
        Sequence = sequence;
        Latest = latest;
        entries = new List<(TelemetryRollup, bool)>(existingRollups.TryGetNonEnumeratedCount(out var count) ? count + 2 : 4);
        foreach (var rollup in existingRollups)
        {
            entries.Add((rollup, false));
        }
    }

    public DeviceSequence Sequence { get; }

    /// <summary>The newest reading counted so far (by timestamp, then sequence).</summary>
    public LatestReading? Latest { get; private set; }

    /// <summary>Rollups changed since the ledger was loaded: what must be written back.</summary>
    public TouchedRollupList TouchedRollups => new(entries);

    public bool LatestChanged { get; private set; }

    /// <summary>The rollup keys a message contributes to; the store loads these before <see cref="Count"/>.</summary>
    public static (RollupKey Minute, RollupKey Quarter) KeysFor(TelemetryMessage message) =>
        (RollupKey.For(message.Timestamp, RollupResolution.OneMinute), RollupKey.For(message.Timestamp, RollupResolution.FifteenMinutes));

    public SequenceOutcome Count(TelemetryMessage message)
    {
        var outcome = Sequence.TryAccept(message.Sequence, message.Timestamp, message.IntervalSeconds);
        if (outcome is not (SequenceOutcome.Accepted or SequenceOutcome.AcceptedAfterCounterReset))
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
        var index = entries.Count - 1;
        while (index >= 0 && (entries[index].Rollup.Resolution != key.Resolution || entries[index].Rollup.IntervalStart != key.IntervalStart))
        {
            index--;
        }

        if (index < 0)
        {
            entries.Add((new TelemetryRollup(key.Resolution, key.IntervalStart), false));
            index = entries.Count - 1;
        }

        entries[index].Rollup.Add(message);
        entries[index] = (entries[index].Rollup, true);
    }

    /// <summary>The touched rollups, enumerable without allocating (the ledger is on the ingestion hot path).</summary>
    public readonly struct TouchedRollupList(List<(TelemetryRollup Rollup, bool Touched)> entries) : IEnumerable<TelemetryRollup>
    {
        public Enumerator GetEnumerator() => new(entries);

        IEnumerator<TelemetryRollup> IEnumerable<TelemetryRollup>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator(List<(TelemetryRollup Rollup, bool Touched)> entries) : IEnumerator<TelemetryRollup>
        {
            private int index = -1;

            public readonly TelemetryRollup Current => entries[index].Rollup;

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
