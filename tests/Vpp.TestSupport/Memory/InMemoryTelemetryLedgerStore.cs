using System.Collections.Concurrent;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;

namespace Vpp.TestSupport.Memory;

/// <summary>
/// Ledgers in process memory with the same optimistic-concurrency contract as the table store (a version per
/// partition). For benchmarks of the batch path and for tests; not for production.
/// </summary>
public sealed class InMemoryTelemetryLedgerStore : ITelemetryLedgerStore
{
    private readonly ConcurrentDictionary<(string DeviceId, string Month), Partition> partitions = new();

    /// <summary>The same limit as the table store, so tests of chunking mean the same thing here.</summary>
    public int MaxHoursPerCommit => 99;

    public int Commits => partitions.Values.Sum(p => p.Version);

    public ValueTask LoadAsync(LedgerWorkspace workspace, CancellationToken cancellationToken)
    {
        var partition = partitions.GetOrAdd((workspace.DeviceId, workspace.Month), static _ => new Partition());
        lock (partition.Gate)
        {
            workspace.Ledger.Reset(partition.Sequence, partition.Latest);
            foreach (var key in workspace.RollupKeys)
            {
                if (partition.Hours.TryGetValue(key.Hour.UtcTicks, out var hour) && hour.TryGet(key, out var values))
                {
                    workspace.Ledger.AddStored(key, values);
                }
            }

            workspace.ConcurrencyToken = partition;
            workspace.ConcurrencyVersion = partition.Version;
        }

        return ValueTask.CompletedTask;
    }

    public Task CommitAsync(LedgerWorkspace workspace, CancellationToken cancellationToken)
    {
        var partition = (Partition)workspace.ConcurrencyToken!;
        lock (partition.Gate)
        {
            if (partition.Version != workspace.ConcurrencyVersion)
            {
                throw new LedgerConflictException($"Ledger {workspace.DeviceId}/{workspace.Month} changed since it was read.");
            }

            partition.Sequence.CopyFrom(workspace.Ledger.Sequence);
            partition.Latest = workspace.Ledger.Latest;
            foreach (var (key, values) in workspace.Ledger.TouchedRollups)
            {
                var hourTicks = key.Hour.UtcTicks;
                if (!partition.Hours.TryGetValue(hourTicks, out var hour))
                {
                    partition.Hours[hourTicks] = hour = new HourRollups(key.Hour);
                }

                hour.Set(key, values);
            }

            partition.Version++;
        }

        return Task.CompletedTask;
    }

    public void Evict(string deviceId, string month)
    {
    }

    public Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken)
    {
        var results = partitions
            .Where(p => p.Key.DeviceId == deviceId)
            .SelectMany(p =>
            {
                lock (p.Value.Gate)
                {
                    return p.Value.Rollups(resolution).Where(r => r.IntervalStart >= fromInclusive && r.IntervalStart < toExclusive).ToList();
                }
            })
            .OrderBy(r => r.IntervalStart)
            .ToList();
        return Task.FromResult<IReadOnlyList<TelemetryRollup>>(results);
    }

    /// <summary>Every rollup of one grain, all devices (benchmarks check totals with it).</summary>
    public IEnumerable<TelemetryRollup> AllRollups(RollupResolution resolution) =>
        partitions.Values.SelectMany(p =>
        {
            lock (p.Gate)
            {
                return p.Rollups(resolution).ToList();
            }
        });

    private sealed class Partition
    {
        public Lock Gate { get; } = new();

        public DeviceSequence Sequence { get; } = DeviceSequence.Empty();

        public LatestReading? Latest { get; set; }

        /// <summary>By the hour's UTC ticks, as the table store keeps a row per device-hour.</summary>
        public Dictionary<long, HourRollups> Hours { get; } = [];

        public int Version { get; set; }

        public IEnumerable<TelemetryRollup> Rollups(RollupResolution resolution) => Hours.Values.SelectMany(h => h.All(resolution));
    }

    /// <summary>
    /// One device-hour's rollups in one array of values (60 minutes, then 4 quarters): a benchmark keeps millions of
    /// rollups, and an object or a dictionary entry each would make every collection scan them and every growth copy them.
    /// </summary>
    private sealed class HourRollups(DateTimeOffset hour)
    {
        private const int Quarters = 60;
        private readonly RollupValues[] values = new RollupValues[64];
        private ulong present;

        public bool TryGet(RollupKey key, out RollupValues found)
        {
            var slot = Slot(key);
            found = values[slot];
            return (present & (1UL << slot)) != 0;
        }

        public void Set(RollupKey key, in RollupValues value)
        {
            var slot = Slot(key);
            values[slot] = value;
            present |= 1UL << slot;
        }

        public IEnumerable<TelemetryRollup> All(RollupResolution resolution)
        {
            var (first, count, minutes) = resolution == RollupResolution.OneMinute ? (0, 60, 1) : (Quarters, 4, 15);
            for (var i = 0; i < count; i++)
            {
                if ((present & (1UL << (first + i))) != 0)
                {
                    yield return TelemetryRollup.FromValues(new RollupKey(resolution, hour.AddMinutes(i * minutes)), values[first + i]);
                }
            }
        }

        private int Slot(RollupKey key)
        {
            var minute = (int)((key.IntervalStart.UtcTicks - hour.UtcTicks) / TimeSpan.TicksPerMinute);
            return key.Resolution == RollupResolution.OneMinute ? minute : Quarters + (minute / 15);
        }
    }
}
