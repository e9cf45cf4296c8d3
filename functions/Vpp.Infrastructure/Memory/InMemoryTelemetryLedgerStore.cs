using System.Collections.Concurrent;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;

namespace Vpp.Infrastructure.Memory;

/// <summary>
/// Ledgers in process memory with the same optimistic-concurrency contract as the table store (a version per
/// partition). For benchmarks of the batch path and for tests; not for production.
/// </summary>
public sealed class InMemoryTelemetryLedgerStore : ITelemetryLedgerStore
{
    private readonly ConcurrentDictionary<string, Partition> partitions = new(StringComparer.Ordinal);

    public int MaxRollupsPerCommit => 99;

    public int Commits => partitions.Values.Sum(p => p.Version);

    public Task<LoadedLedger> LoadAsync(string deviceId, string month, IReadOnlyCollection<RollupKey> rollupKeys, CancellationToken cancellationToken)
    {
        var partition = partitions.GetOrAdd(Key(deviceId, month), _ => new Partition());
        lock (partition)
        {
            var rollups = rollupKeys.Where(partition.Rollups.ContainsKey).Select(k => partition.Rollups[k].Clone()).ToList();
            var ledger = new DeviceTelemetryLedger(partition.Window.Clone(), partition.Latest, rollups);
            return Task.FromResult(new LoadedLedger(deviceId, month, ledger, partition.Version));
        }
    }

    public Task CommitAsync(LoadedLedger ledger, CancellationToken cancellationToken)
    {
        var partition = partitions[Key(ledger.DeviceId, ledger.Month)];
        lock (partition)
        {
            if (partition.Version != (int)ledger.ConcurrencyToken)
            {
                throw new LedgerConflictException($"Ledger {ledger.DeviceId}/{ledger.Month} changed since it was read.");
            }

            partition.Window = ledger.Ledger.Window.Clone();
            partition.Latest = ledger.Ledger.Latest;
            foreach (var rollup in ledger.Ledger.TouchedRollups)
            {
                partition.Rollups[new RollupKey(rollup.Resolution, rollup.IntervalStart)] = rollup.Clone();
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
            .Where(p => p.Key.StartsWith(deviceId + "|", StringComparison.Ordinal))
            .SelectMany(p =>
            {
                lock (p.Value)
                {
                    return p.Value.Rollups.Values.Where(r => r.Resolution == resolution && r.IntervalStart >= fromInclusive && r.IntervalStart < toExclusive).Select(r => r.Clone()).ToList();
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
                return p.Rollups.Values.Where(r => r.Resolution == resolution).ToList();
            }
        });

    private static string Key(string deviceId, string month) => deviceId + "|" + month;

    private sealed class Partition
    {
        public SequenceWindow Window { get; set; } = SequenceWindow.Empty();

        public LatestReading? Latest { get; set; }

        public Dictionary<RollupKey, TelemetryRollup> Rollups { get; } = [];

        public int Version { get; set; }
    }
}
