using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;

namespace Vpp.TestSupport.Memory;

/// <summary>
/// Ledgers in process memory with the same optimistic-concurrency contract as the table store (a version per
/// partition). For benchmarks of the batch path and for tests; not for production.
/// </summary>
public sealed class InMemoryTelemetryLedgerStore : ITelemetryLedgerStore
{
    // By device, then month: one ordinal string hash per lookup, where a tuple key would hash both strings.
    private readonly ConcurrentDictionary<string, DevicePartitions> devices = new(StringComparer.Ordinal);

    /// <summary>The same limit as the table store, so tests of chunking mean the same thing here.</summary>
    public int MaxHoursPerCommit => 99;

    public int Commits => Partitions.Sum(p => p.Version);

    private IEnumerable<Partition> Partitions => devices.Values.SelectMany(d => d.All);

    public ValueTask LoadAsync(LedgerWorkspace workspace, CancellationToken cancellationToken)
    {
        var partition = devices.GetOrAdd(workspace.DeviceId, static _ => new DevicePartitions()).For(workspace.Month);
        lock (partition)
        {
            workspace.Ledger.Reset(partition.Sequence, partition.Latest);
            foreach (var key in workspace.RollupKeys)
            {
                if (partition.HourOf(key.Hour.UtcTicks) is { } hour && hour.TryGet(key, out var values))
                {
                    workspace.Ledger.AddStored(key, values);
                }
            }

            workspace.ConcurrencyToken = partition;
            workspace.ConcurrencyVersion = partition.Version;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CommitAsync(LedgerWorkspace workspace, CancellationToken cancellationToken)
    {
        var partition = (Partition)workspace.ConcurrencyToken!;
        lock (partition)
        {
            if (partition.Version != workspace.ConcurrencyVersion)
            {
                throw new LedgerConflictException($"Ledger {workspace.DeviceId}/{workspace.Month} changed since it was read.");
            }

            partition.Sequence.CopyFrom(workspace.Ledger.Sequence);
            partition.Latest = workspace.Ledger.Latest;
            foreach (var (key, values) in workspace.Ledger.TouchedRollups)
            {
                partition.HourAdding(key.Hour).Set(key, values);
            }

            partition.Version++;
        }

        return ValueTask.CompletedTask;
    }

    public void Evict(string deviceId, string month)
    {
    }

    public Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken)
    {
        var results = (devices.TryGetValue(deviceId, out var device) ? device.All : [])
            .SelectMany(p =>
            {
                lock (p)
                {
                    return p.Rollups(resolution).Where(r => r.IntervalStart >= fromInclusive && r.IntervalStart < toExclusive).ToList();
                }
            })
            .OrderBy(r => r.IntervalStart)
            .ToList();
        return Task.FromResult<IReadOnlyList<TelemetryRollup>>(results);
    }

    /// <summary>Every rollup of one grain, all devices (benchmarks check totals with it).</summary>
    public IEnumerable<TelemetryRollup> AllRollups(RollupResolution resolution) =>
        Partitions.SelectMany(p =>
        {
            lock (p)
            {
                return p.Rollups(resolution).ToList();
            }
        });

    /// <summary>
    /// One device's month partitions. A device writes to one month at a time, so that one is kept at hand; a list searched
    /// from the newest holds them all (a device has one or two in use).
    /// </summary>
    private sealed class DevicePartitions
    {
        private readonly List<Partition> months = [];
        private volatile Partition? newest;

        public IEnumerable<Partition> All
        {
            get
            {
                lock (months)
                {
                    return [.. months];
                }
            }
        }

        public Partition For(string month)
        {
            if (newest is { } partition && partition.Month == month)
            {
                return partition;
            }

            lock (months)
            {
                // A loop, not FindLast: a lambda capturing the month would allocate on every call, hit or not.
                for (var i = months.Count - 1; i >= 0; i--)
                {
                    if (months[i].Month == month)
                    {
                        return newest = months[i];
                    }
                }

                months.Add(partition = new Partition(month));
                return newest = partition;
            }
        }
    }

    /// <summary>
    /// One device-month, the unit of a commit; a load or commit locks the partition itself. The hour last written is kept
    /// at hand: a device's messages arrive hour after hour, and each dictionary probe on the hot path is a cache miss.
    /// </summary>
    private sealed class Partition(string month)
    {
        /// <summary>By the hour's UTC ticks, as the table store keeps a row per device-hour.</summary>
        private readonly Dictionary<long, HourRollups> hours = [];
        private HourRollups? newest;

        public string Month { get; } = month;

        public DeviceSequence Sequence { get; } = DeviceSequence.Empty();

        public LatestReading? Latest { get; set; }

        public int Version { get; set; }

        public HourRollups? HourOf(long hourTicks) =>
            newest?.HourTicks == hourTicks ? newest : hours.GetValueOrDefault(hourTicks);

        public HourRollups HourAdding(DateTimeOffset hour)
        {
            if (HourOf(hour.UtcTicks) is not { } found)
            {
                hours[hour.UtcTicks] = found = new HourRollups(hour);
            }

            return newest = found;
        }

        public IEnumerable<TelemetryRollup> Rollups(RollupResolution resolution) => hours.Values.SelectMany(h => h.All(resolution));
    }

    /// <summary>
    /// One device-hour's rollups in one array of values (4 quarters, then 60 minutes): a benchmark keeps millions of
    /// rollups, and an object or a dictionary entry each would make every collection scan them and every growth copy them.
    /// The quarters come first, next to which slots are present: each load reads a quarter, and a minute only when it is
    /// there (a new minute's slot is first touched by the commit that writes it).
    /// </summary>
    private sealed class HourRollups(DateTimeOffset hour)
    {
        private const int Minutes = 4;
        private ulong present;
        private HourSlots values;

        public long HourTicks { get; } = hour.UtcTicks;

        public bool TryGet(RollupKey key, out RollupValues found)
        {
            var slot = Slot(key);
            if ((present & (1UL << slot)) == 0)
            {
                found = default;
                return false;
            }

            found = values[slot];
            return true;
        }

        public void Set(RollupKey key, in RollupValues value)
        {
            var slot = Slot(key);
            values[slot] = value;
            present |= 1UL << slot;
        }

        public IEnumerable<TelemetryRollup> All(RollupResolution resolution)
        {
            var (first, count, minutes) = resolution == RollupResolution.OneMinute ? (Minutes, 60, 1) : (0, 4, 15);
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
            var minute = (int)((key.IntervalStart.UtcTicks - HourTicks) / TimeSpan.TicksPerMinute);
            return key.Resolution == RollupResolution.OneMinute ? Minutes + minute : minute / 15;
        }
    }

    /// <summary>4 quarters, then 60 minutes, inside the hour's object rather than in an array of its own.</summary>
    [InlineArray(64)]
    private struct HourSlots
    {
        private RollupValues first;
    }
}
