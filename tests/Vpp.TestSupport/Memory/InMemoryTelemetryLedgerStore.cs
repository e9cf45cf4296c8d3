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

    public ValueTask<LoadedLedger> LoadAsync(string deviceId, string month, IReadOnlyCollection<RollupKey> rollupKeys, CancellationToken cancellationToken)
    {
        var partition = partitions.GetOrAdd((deviceId, month), static _ => new Partition());
        lock (partition)
        {
            var rollups = new List<TelemetryRollup>(rollupKeys.Count);
            foreach (var key in rollupKeys)
            {
                if (partition.Rollups.TryGetValue(key, out var values))
                {
                    rollups.Add(TelemetryRollup.FromValues(key, values));
                }
            }

            var ledger = new DeviceTelemetryLedger(partition.Sequence.Clone(), partition.Latest, rollups);
            return ValueTask.FromResult(new LoadedLedger(deviceId, month, ledger, new Token(partition, partition.Version)));
        }
    }

    public Task CommitAsync(LoadedLedger ledger, CancellationToken cancellationToken)
    {
        var (partition, version) = (Token)ledger.ConcurrencyToken;
        lock (partition)
        {
            if (partition.Version != version)
            {
                throw new LedgerConflictException($"Ledger {ledger.DeviceId}/{ledger.Month} changed since it was read.");
            }

            // The ledger is dead after a commit, so its sequence and rollups become the stored ones.
            partition.Sequence = ledger.Ledger.Sequence;
            partition.Latest = ledger.Ledger.Latest;
            foreach (var rollup in ledger.Ledger.TouchedRollups)
            {
                partition.Rollups[new RollupKey(rollup.Resolution, rollup.IntervalStart)] = rollup.ToValues();
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
                lock (p.Value)
                {
                    return p.Value.Rollups.Where(r => r.Key.Resolution == resolution && r.Key.IntervalStart >= fromInclusive && r.Key.IntervalStart < toExclusive)
                        .Select(r => TelemetryRollup.FromValues(r.Key, r.Value)).ToList();
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
            lock (p)
            {
                return p.Rollups.Where(r => r.Key.Resolution == resolution).Select(r => TelemetryRollup.FromValues(r.Key, r.Value)).ToList();
            }
        });

    private sealed record Token(Partition Partition, int Version);

    private sealed class Partition
    {
        public DeviceSequence Sequence { get; set; } = DeviceSequence.Empty();

        public LatestReading? Latest { get; set; }

        // Values, not objects: a benchmark keeps millions of rollups, and objects would make every GC scan them.
        public Dictionary<RollupKey, RollupValues> Rollups { get; } = [];

        public int Version { get; set; }
    }
}
