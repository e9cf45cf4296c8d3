using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Ledgers in one table partition per device and month (<c>{deviceId}|{yyyyMM}</c>): a <c>window</c> row (the
/// <see cref="DeviceSequence"/>, newest reading) and one <c>h|{yyyyMMddTHH}</c> row per hour packing that hour's rollups
/// (<see cref="HourRollupBlock"/>). A commit is one entity-group transaction guarded by ETags. A per-instance cache of
/// the rows last written saves the reads on the hot path; it is only a cache: a stale ETag fails the commit, the caller
/// evicts and reloads.
/// </summary>
public sealed class TableTelemetryLedgerStore(TableClient table) : ITelemetryLedgerStore
{
    private const string WindowRow = "window";
    private readonly ConcurrentDictionary<string, CachedPartition> cache = new(StringComparer.Ordinal);

    public int MaxHoursPerCommit => 99;

    public async ValueTask LoadAsync(LedgerWorkspace workspace, CancellationToken cancellationToken)
    {
        var partition = PartitionKey(workspace.DeviceId, workspace.Month);
        var cached = cache.GetValueOrDefault(partition);
        var token = new Token(partition);

        DeviceSequence sequence;
        LatestReading? latest;
        if (cached is not null)
        {
            sequence = cached.Sequence;
            latest = cached.Latest;
            token.WindowETag = cached.WindowETag;
        }
        else
        {
            var row = await table.FindAsync(partition, WindowRow, cancellationToken);
            sequence = row?.GetBinary("Window") is { } bytes ? DeviceSequence.FromBytes(bytes) : DeviceSequence.Empty();
            latest = row?.GetString("Latest") is { } json ? JsonSerializer.Deserialize<LatestReading>(json) : null;
            token.WindowETag = row?.ETag;
        }

        var missing = new List<DateTimeOffset>();
        foreach (var hour in workspace.RollupKeys.Select(k => k.Hour).Distinct())
        {
            if (cached?.Hours.TryGetValue(hour, out var hit) == true)
            {
                token.Hours[hour] = (Copy(hit.Block), hit.ETag);
            }
            else
            {
                missing.Add(hour);
            }
        }

        var fetched = await Task.WhenAll(missing.Select(h => table.FindAsync(partition, HourRow(h), cancellationToken)));
        for (var i = 0; i < missing.Count; i++)
        {
            var row = fetched[i];
            token.Hours[missing[i]] = (HourRollupBlock.Decode(missing[i], row?.GetBinary("Minutes"), row?.GetBinary("Quarters"), FormatOf(row)), row?.ETag);
        }

        workspace.Ledger.Reset(sequence, latest);
        foreach (var key in workspace.RollupKeys)
        {
            if (token.Hours[key.Hour].Block.Rollups.TryGetValue(key, out var values))
            {
                workspace.Ledger.AddStored(key, values);
            }
        }

        workspace.ConcurrencyToken = token;
    }

    public async ValueTask CommitAsync(LedgerWorkspace workspace, CancellationToken cancellationToken)
    {
        var token = (Token)workspace.ConcurrencyToken!;
        var windowEntity = new TableEntity(token.Partition, WindowRow)
        {
            ["Window"] = workspace.Ledger.Sequence.ToBytes(),
            ["Highest"] = workspace.Ledger.Sequence.Highest,
            ["Latest"] = workspace.Ledger.Latest is { } latest ? JsonSerializer.Serialize(latest) : null,
        };
        var operations = new List<TableTransactionAction> { Write(windowEntity, token.WindowETag) };

        var touchedHours = new HashSet<DateTimeOffset>();
        foreach (var (key, values) in workspace.Ledger.TouchedRollups)
        {
            token.Hours[key.Hour].Block.Rollups[key] = values;
            touchedHours.Add(key.Hour);
        }

        var hourEntities = new List<DateTimeOffset>();
        foreach (var hour in touchedHours)
        {
            var (block, etag) = token.Hours[hour];
            var entity = new TableEntity(token.Partition, HourRow(hour))
            {
                ["Hour"] = hour,
                ["Minutes"] = block.Encode(RollupResolution.OneMinute),
                ["Quarters"] = block.Encode(RollupResolution.FifteenMinutes),
                ["RollupFormat"] = (long)HourRollupBlock.CurrentFormat,
            };
            operations.Add(Write(entity, etag));
            hourEntities.Add(hour);
        }

        IReadOnlyList<Response> written;
        try
        {
            written = (await table.SubmitTransactionAsync(operations, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new LedgerConflictException($"Ledger {token.Partition} changed since it was read.", ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new LedgerConflictException($"Ledger {token.Partition} rows were created since they were read.", ex);
        }

        // Keep only what this commit wrote: the next batch for this device almost always touches the same hour. The
        // transaction answers each operation in order, with the row's new ETag. The workspace is reused: keep a copy.
        cache[token.Partition] = new CachedPartition(
            workspace.Ledger.Sequence.Clone(),
            written[0].Headers.ETag,
            workspace.Ledger.Latest,
            hourEntities.Select((hour, i) => (hour, i)).ToDictionary(h => h.hour, h => (token.Hours[h.hour].Block, written[h.i + 1].Headers.ETag)));
    }

    public void Evict(string deviceId, string month) => cache.TryRemove(PartitionKey(deviceId, month), out _);

    public async Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken)
    {
        // One query over the device's month partitions in the window: a device's partitions sort together (an id has no
        // '|'), and its hour rows' keys sort by time across months.
        var results = new List<TelemetryRollup>();
        var firstHour = new RollupKey(resolution, fromInclusive.ToUniversalTime()).Hour;
        var lastHour = toExclusive.ToUniversalTime();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {PartitionKey(deviceId, TelemetryIngestion.MonthOf(firstHour))} and PartitionKey le {PartitionKey(deviceId, TelemetryIngestion.MonthOf(lastHour))} and RowKey ge {HourRow(firstHour)} and RowKey le {HourRow(lastHour)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var block = HourRollupBlock.Decode(row.GetDateTimeOffset("Hour")!.Value, row.GetBinary("Minutes"), row.GetBinary("Quarters"), FormatOf(row));
            results.AddRange(block.Rollups
                .Where(r => r.Key.Resolution == resolution && r.Key.IntervalStart >= fromInclusive && r.Key.IntervalStart < toExclusive)
                .Select(r => TelemetryRollup.FromValues(r.Key, r.Value)));
        }

        return results.OrderBy(r => r.IntervalStart).ToList();
    }

    private static string PartitionKey(string deviceId, string month) => $"{deviceId}|{month}";

    private static string HourRow(DateTimeOffset instant) =>
        "h|" + instant.UtcDateTime.ToString("yyyyMMdd'T'HH", CultureInfo.InvariantCulture);

    private static HourRollupBlock Copy(HourRollupBlock block)
    {
        var copy = new HourRollupBlock(block.Hour);
        foreach (var (key, values) in block.Rollups)
        {
            copy.Rollups[key] = values;
        }

        return copy;
    }

    private sealed class Token(string partition)
    {
        public string Partition { get; } = partition;

        public ETag? WindowETag { get; set; }

        public Dictionary<DateTimeOffset, (HourRollupBlock Block, ETag? ETag)> Hours { get; } = [];
    }

    private sealed record CachedPartition(
        DeviceSequence Sequence,
        ETag? WindowETag,
        LatestReading? Latest,
        Dictionary<DateTimeOffset, (HourRollupBlock Block, ETag? ETag)> Hours);

    /// <summary>Rows written before the format was recorded are format 1.</summary>
    private static int FormatOf(TableEntity? row) => (int)(row?.Int64Of("RollupFormat") ?? 1);

    /// <summary>A row never read is inserted (a conflict if another writer created it); one read is replaced only if unchanged.</summary>
    private static TableTransactionAction Write(TableEntity entity, ETag? etag) =>
        etag is { } version
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, version)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
}
