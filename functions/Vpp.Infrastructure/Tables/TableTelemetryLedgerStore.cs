using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Ledgers in one table partition per device and month, committed as one entity-group transaction guarded
/// by ETags. A per-instance cache of the rows last written saves the reads on the hot path; it is only a
/// cache: a stale ETag fails the commit, the caller evicts and reloads.
/// </summary>
public sealed class TableTelemetryLedgerStore(TableClient table) : ITelemetryLedgerStore
{
    private const string WindowRow = "window";
    private readonly ConcurrentDictionary<string, CachedPartition> cache = new(StringComparer.Ordinal);

    public int MaxRollupsPerCommit => 99;

    public async ValueTask<LoadedLedger> LoadAsync(string deviceId, string month, IReadOnlyCollection<RollupKey> rollupKeys, CancellationToken cancellationToken)
    {
        var partition = PartitionKey(deviceId, month);
        var cached = cache.GetValueOrDefault(partition);
        var token = new Token(partition);

        SequenceWindow window;
        LatestReading? latest;
        if (cached is not null)
        {
            window = cached.Window.Clone();
            latest = cached.Latest;
            token.WindowETag = cached.WindowETag;
        }
        else
        {
            var row = await table.GetAsync(partition, WindowRow, cancellationToken);
            window = row?.GetBinary("Window") is { } bytes ? SequenceWindow.FromBytes(bytes) : SequenceWindow.Empty();
            latest = row?.GetString("Latest") is { } json ? JsonSerializer.Deserialize<LatestReading>(json) : null;
            token.WindowETag = row?.ETag;
        }

        var rollups = new List<TelemetryRollup>();
        var missing = new List<RollupKey>();
        foreach (var key in rollupKeys)
        {
            if (cached?.Rollups.TryGetValue(key, out var hit) == true)
            {
                rollups.Add(hit.Rollup.Clone());
                token.RollupETags[key] = hit.ETag;
            }
            else
            {
                missing.Add(key);
            }
        }

        var fetched = await Task.WhenAll(missing.Select(k => table.GetAsync(partition, RowKey(k), cancellationToken)));
        foreach (var entity in fetched.OfType<TableEntity>())
        {
            var rollup = ToRollup(entity);
            rollups.Add(rollup);
            token.RollupETags[new RollupKey(rollup.Resolution, rollup.IntervalStart)] = entity.ETag;
        }

        return new LoadedLedger(deviceId, month, new DeviceTelemetryLedger(window, latest, rollups), token);
    }

    public async Task CommitAsync(LoadedLedger ledger, CancellationToken cancellationToken)
    {
        var token = (Token)ledger.ConcurrencyToken;
        var operations = new List<TableOperation>();
        var windowEntity = new TableEntity(token.Partition, WindowRow)
        {
            ["Window"] = ledger.Ledger.Window.ToBytes(),
            ["Highest"] = ledger.Ledger.Window.Highest,
            ["Latest"] = ledger.Ledger.Latest is { } latest ? JsonSerializer.Serialize(latest) : null,
            ETag = token.WindowETag,
        };
        operations.Add(token.WindowETag is null ? TableOperation.Insert(windowEntity) : TableOperation.Replace(windowEntity));

        var written = new List<(RollupKey Key, TelemetryRollup Rollup, TableEntity Entity)>();
        foreach (var rollup in ledger.Ledger.TouchedRollups)
        {
            var key = new RollupKey(rollup.Resolution, rollup.IntervalStart);
            var entity = ToEntity(token.Partition, rollup);
            entity.ETag = token.RollupETags.GetValueOrDefault(key);
            operations.Add(entity.ETag is null ? TableOperation.Insert(entity) : TableOperation.Replace(entity));
            written.Add((key, rollup, entity));
        }

        try
        {
            await table.SubmitTransactionAsync(operations, cancellationToken);
        }
        catch (ConcurrencyConflictException ex)
        {
            throw new LedgerConflictException($"Ledger {token.Partition} changed since it was read.", ex);
        }
        catch (TableTransactionException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            throw new LedgerConflictException($"Ledger {token.Partition} rows were created since they were read.", ex);
        }

        // Keep only what this commit wrote: the next batch for this device almost always touches the same intervals.
        cache[token.Partition] = new CachedPartition(
            ledger.Ledger.Window,
            windowEntity.ETag,
            ledger.Ledger.Latest,
            written.ToDictionary(w => w.Key, w => (w.Rollup, w.Entity.ETag)));
    }

    public void Evict(string deviceId, string month) => cache.TryRemove(PartitionKey(deviceId, month), out _);

    public async Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken)
    {
        var results = new List<TelemetryRollup>();
        var month = new DateTimeOffset(fromInclusive.UtcDateTime.Year, fromInclusive.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        for (; month < toExclusive; month = month.AddMonths(1))
        {
            var partition = PartitionKey(deviceId, TelemetryIngestion.MonthOf(month));
            var filter = $"PartitionKey eq {TableQuery.Literal(partition)} and RowKey ge {TableQuery.Literal(RowKey(new RollupKey(resolution, fromInclusive)))}" +
                         $" and RowKey lt {TableQuery.Literal(RowKey(new RollupKey(resolution, toExclusive)))}";
            await foreach (var entity in table.QueryAsync(new TableQuery(filter), cancellationToken))
            {
                results.Add(ToRollup(entity));
            }
        }

        return results;
    }

    private static string PartitionKey(string deviceId, string month) => $"{deviceId}|{month}";

    private static string RowKey(RollupKey key) =>
        (key.Resolution == RollupResolution.OneMinute ? "m01|" : "m15|") +
        key.IntervalStart.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(string partition, TelemetryRollup r) => new(partition, RowKey(new RollupKey(r.Resolution, r.IntervalStart)))
    {
        ["IntervalStart"] = r.IntervalStart,
        ["ResolutionMinutes"] = (int)r.Resolution,
        ["EnergyImportedKwh"] = r.EnergyImportedKwh,
        ["EnergyExportedKwh"] = r.EnergyExportedKwh,
        ["SolarEnergyKwh"] = r.SolarEnergyKwh,
        ["CoveredSeconds"] = r.CoveredSeconds,
        ["SampleCount"] = r.SampleCount,
        ["MinStateOfChargePct"] = r.MinStateOfChargePct,
        ["MaxStateOfChargePct"] = r.MaxStateOfChargePct,
        ["MinTemperatureC"] = r.MinTemperatureC,
        ["MaxTemperatureC"] = r.MaxTemperatureC,
    };

    private static TelemetryRollup ToRollup(TableEntity e) => new((RollupResolution)(int)e.GetInt64("ResolutionMinutes")!.Value, e.GetDateTime("IntervalStart")!.Value)
    {
        EnergyImportedKwh = e.GetDouble("EnergyImportedKwh") ?? 0,
        EnergyExportedKwh = e.GetDouble("EnergyExportedKwh") ?? 0,
        SolarEnergyKwh = e.GetDouble("SolarEnergyKwh") ?? 0,
        CoveredSeconds = e.GetDouble("CoveredSeconds") ?? 0,
        SampleCount = e.GetInt64("SampleCount") ?? 0,
        MinStateOfChargePct = e.GetDouble("MinStateOfChargePct"),
        MaxStateOfChargePct = e.GetDouble("MaxStateOfChargePct"),
        MinTemperatureC = e.GetDouble("MinTemperatureC"),
        MaxTemperatureC = e.GetDouble("MaxTemperatureC"),
    };

    private sealed class Token(string partition)
    {
        public string Partition { get; } = partition;

        public string? WindowETag { get; set; }

        public Dictionary<RollupKey, string?> RollupETags { get; } = [];
    }

    private sealed record CachedPartition(
        SequenceWindow Window,
        string? WindowETag,
        LatestReading? Latest,
        Dictionary<RollupKey, (TelemetryRollup Rollup, string? ETag)> Rollups);
}
