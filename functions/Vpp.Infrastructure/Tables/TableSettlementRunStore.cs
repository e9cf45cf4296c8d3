using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Settlement runs in <c>settlementruns</c> (PK = programId, RK = <c>yyyy-MM|v0001</c>, the history length as the
/// version a change must start from, the record as JSON); each customer's line in <c>settlementlines</c> (PK =
/// <c>programId|yyyy-MM|v0001|{batch}</c>, RK = customerId, the line as computed: its JSON Brotli-compressed, split over as
/// many binary columns as it needs, a column holding 64 KiB; a statement explains each event in words that repeat, and
/// compressed it is a tenth of the bytes every write and read moves) and what became of its transfer in <c>settlementpayouts</c> (the same
/// keys; written by payouts and reversals, read over the computed line). A partition per batch keeps
/// each partition to a batch's customers: one partition per run would be a hot spot in Azure (a partition serves about
/// 2,000 entities a second) and, in Azurite, every write looks through the whole partition. The frozen batch inputs as blobs
/// <c>settlement-inputs/{programId}/{yyyy-MM}/v0001/{batch}.json</c>; corrections requested of approved months in
/// <c>settlementcorrections</c> (PK = programId, the correction as JSON, the run that claimed it as a column changed under its ETag).
/// </summary>
public sealed class TableSettlementRunStore(StorageTables tables) : ISettlementRunStore
{
    private const int ColumnBytes = 60_000;
    private const string ClaimedBy = "ClaimedBy";
    private const int BatchesReadAtOnce = 4;

    public async Task<bool> SaveAsync(SettlementRunRecord? read, SettlementRunRecord changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var row = new TableEntity(changed.ProgramId, RunKey(changed.Month, changed.Version))
        {
            ["Run"] = StoredJson.Write(changed),
            ["Version"] = changed.History.Count,
        };
        try
        {
            if (read is null)
            {
                await tables.SettlementRuns.AddEntityAsync(row, cancellationToken);
                return true;
            }

            if (await tables.SettlementRuns.FindAsync(read.ProgramId, RunKey(read.Month, read.Version), cancellationToken) is not { } stored || stored.GetInt32("Version") != read.History.Count)
            {
                return false;
            }

            await tables.SettlementRuns.UpdateEntityAsync(row, stored.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<SettlementRunRecord?> FindAsync(string programId, DateOnly month, int version, CancellationToken cancellationToken) =>
        await tables.SettlementRuns.FindAsync(programId, RunKey(month, version), cancellationToken) is { } row ? StoredJson.Read<SettlementRunRecord>(row.GetString("Run")) : null;

    public async Task<IReadOnlyList<SettlementRunRecord>> ListAsync(string programId, CancellationToken cancellationToken) =>
        await StoredJson.ReadAllAsync<SettlementRunRecord>(tables.SettlementRuns.QueryAsync<TableEntity>(TableRows.Partition(programId), select: ["Run"], cancellationToken: cancellationToken), "Run");

    public async Task<IReadOnlyList<SettlementRunRecord>> ListAllAsync(CancellationToken cancellationToken) =>
        await StoredJson.ReadAllAsync<SettlementRunRecord>(tables.SettlementRuns.QueryAsync<TableEntity>(select: ["Run"], cancellationToken: cancellationToken), "Run");

    public Task SaveLinesAsync(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines, CancellationToken cancellationToken) =>
        SaveByBatchAsync(tables.SettlementLines, run, lines, LineRow, cancellationToken);

    public Task SaveOutcomesAsync(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines, CancellationToken cancellationToken) =>
        SaveByBatchAsync(tables.SettlementPayouts, run, lines, OutcomeRow, cancellationToken);

    public async Task<IReadOnlyList<SettlementCustomerLine>> ReadLinesAsync(SettlementRunRecord run, string fromCustomer, string? untilCustomer, PayoutState? state,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var first = run.BatchOf(fromCustomer);
        var batches = Enumerable.Range(first, run.BatchStarts.Count - first)
            .TakeWhile(batch => untilCustomer is null || string.CompareOrdinal(run.BatchStarts[batch], untilCustomer) < 0)
            .ToList();

        // A few batches at once: storage serves one while this process decodes another.
        var read = new List<SettlementCustomerLine>[batches.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Count), new ParallelOptions { MaxDegreeOfParallelism = BatchesReadAtOnce, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var filter = TableRows.KeyRange(LinesPartition(run, batches[i]), fromCustomer, untilCustomer);
                var computed = tables.SettlementLines.QueryAsync<TableEntity>(filter, cancellationToken: ct).ToListAsync(ct).AsTask();
                var outcomes = tables.SettlementPayouts.QueryAsync<TableEntity>(filter, cancellationToken: ct).ToListAsync(ct).AsTask();
                await Task.WhenAll(computed, outcomes);
                var latest = (await outcomes).ToDictionary(o => o.RowKey, StringComparer.Ordinal);
                read[i] = [.. (await computed).Select(row => WithOutcome(LineOf(row), latest.GetValueOrDefault(row.RowKey))).Where(l => state is null || l.State == state)];
            });

        return [.. read.SelectMany(lines => lines)];
    }

    public async Task<SettlementCustomerLine?> FindLineAsync(SettlementRunRecord run, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var partition = LinesPartition(run, run.BatchOf(customerId));
        var line = tables.SettlementLines.FindAsync(partition, customerId, cancellationToken);
        var outcome = tables.SettlementPayouts.FindAsync(partition, customerId, cancellationToken);
        await Task.WhenAll(line, outcome);
        return await line is { } row ? WithOutcome(LineOf(row), await outcome) : null;
    }

    public Task AddCorrectionAsync(SettlementCorrection correction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correction);
        return tables.SettlementCorrections.UpsertEntityAsync(new TableEntity(correction.ProgramId, CorrectionKey(correction)) { ["Correction"] = StoredJson.Write(correction) },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> ClaimCorrectionAsync(SettlementCorrection correction, SettlementRunVersion? expected, SettlementRunVersion claimant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correction);
        if (await tables.SettlementCorrections.FindAsync(correction.ProgramId, CorrectionKey(correction), cancellationToken) is not { } row || ClaimOf(row) != expected)
        {
            return false;
        }

        try
        {
            await tables.SettlementCorrections.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { [ClaimedBy] = RunKey(claimant.Month, claimant.Version) },
                row.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<SettlementCorrection>> ListCorrectionsAsync(string programId, CancellationToken cancellationToken)
    {
        var corrections = new List<SettlementCorrection>();
        await foreach (var row in tables.SettlementCorrections.QueryAsync<TableEntity>(TableRows.Partition(programId), select: ["Correction", ClaimedBy], cancellationToken: cancellationToken))
        {
            if (StoredJson.Read<SettlementCorrection>(row.GetString("Correction")) is { } correction)
            {
                corrections.Add(correction with { ClaimedBy = ClaimOf(row) });
            }
        }

        return [.. corrections.OrderBy(c => c.RequestedAtUtc)];
    }

    public Task SaveBatchInputAsync(string programId, DateOnly month, int version, int batch, SettlementBatchInput input, CancellationToken cancellationToken) =>
        tables.SettlementInputs.UploadAsync(InputName(programId, month, version, batch), JsonSerializer.SerializeToUtf8Bytes(input, StoredJson.Options), "application/json", cancellationToken);

    public async Task<SettlementBatchInput?> FindBatchInputAsync(string programId, DateOnly month, int version, int batch, CancellationToken cancellationToken) =>
        await tables.SettlementInputs.DownloadOrNullAsync(InputName(programId, month, version, batch), cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize<SettlementBatchInput>(bytes, StoredJson.Options)
            : null;

    private static string RunKey(DateOnly month, int version) => FormattableString.Invariant($"{month:yyyy-MM}|v{version:0000}");

    private static string CorrectionKey(SettlementCorrection correction) =>
        FormattableString.Invariant($"{correction.Month:yyyy-MM}|{correction.RequestedAtUtc.UtcTicks:D19}|{correction.CorrectionId}");

    /// <summary>The run key (<see cref="RunKey"/>) of the run that claimed the correction, if one has.</summary>
    private static SettlementRunVersion? ClaimOf(TableEntity row) =>
        row.GetString(ClaimedBy) is { Length: > 0 } key
            ? new SettlementRunVersion(DateOnly.ParseExact(key[..7], "yyyy-MM", CultureInfo.InvariantCulture), int.Parse(key[9..], CultureInfo.InvariantCulture))
            : null;

    private static string LinesPartition(SettlementRunRecord run, int batch) => FormattableString.Invariant($"{run.ProgramId}|{RunKey(run.Month, run.Version)}|{batch:00000}");

    private static string InputName(string programId, DateOnly month, int version, int batch) => FormattableString.Invariant($"{programId}/{month:yyyy-MM}/v{version:0000}/{batch:00000}.json");

    /// <summary>Each batch's rows in its own partition, a hundred to a transaction.</summary>
    private static Task SaveByBatchAsync(TableClient table, SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines, Func<string, SettlementCustomerLine, TableEntity> rowOf,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(lines);
        return Task.WhenAll(lines.GroupBy(l => run.BatchOf(l.CustomerId))
            .Select(batch => table.AddOrReplaceAllAsync(batch.Select(l => rowOf(LinesPartition(run, batch.Key), l)), cancellationToken)));
    }

    /// <summary>
    /// A line's transfer outcome, apart from its statement: paying a batch then writes a few small columns per customer,
    /// not each statement again (in Azurite, replacing a row costs a pass over the whole table's indexes).
    /// </summary>
    private static TableEntity OutcomeRow(string partition, SettlementCustomerLine line) => new(partition, line.CustomerId)
    {
        ["State"] = line.State.ToString(),
        ["TransferId"] = line.TransferId,
        ["FailureCode"] = line.FailureCode,
        ["FailureMessage"] = line.FailureMessage,
        ["Attempts"] = line.Attempts,
        ["ReversalId"] = line.ReversalId,
        ["ReversedOn"] = line.ReversedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static SettlementCustomerLine WithOutcome(SettlementCustomerLine line, TableEntity? outcome) =>
        outcome is null ? line : line with
        {
            State = Enum.Parse<PayoutState>(outcome.GetString("State")),
            TransferId = outcome.GetString("TransferId"),
            FailureCode = outcome.GetString("FailureCode"),
            FailureMessage = outcome.GetString("FailureMessage"),
            Attempts = outcome.GetInt32("Attempts") ?? 0,
            ReversalId = outcome.GetString("ReversalId"),
            ReversedOn = outcome.GetString("ReversedOn") is { } on ? DateOnly.ParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        };

    private static TableEntity LineRow(string partition, SettlementCustomerLine line)
    {
        var packed = Compress(JsonSerializer.SerializeToUtf8Bytes(line, StoredJson.Options));
        var row = new TableEntity(partition, line.CustomerId) { ["Parts"] = (packed.Length + ColumnBytes - 1) / ColumnBytes };
        for (var part = 0; part * ColumnBytes < packed.Length; part++)
        {
            row[$"Line{part}"] = packed.AsSpan(part * ColumnBytes, Math.Min(ColumnBytes, packed.Length - (part * ColumnBytes))).ToArray();
        }

        return row;
    }

    /// <summary>A line's columns: Brotli-compressed JSON, or (rows written before 2026-12-06) the JSON itself.</summary>
    private static SettlementCustomerLine LineOf(TableEntity row)
    {
        var parts = Enumerable.Range(0, row.GetInt32("Parts") ?? 0).Select(part => row[$"Line{part}"]).ToList();
        var line = parts.All(p => p is byte[])
            ? JsonSerializer.Deserialize<SettlementCustomerLine>(Decompress(parts is [byte[] only] ? only : [.. parts.Cast<byte[]>().SelectMany(p => p)]), StoredJson.Options)
            : StoredJson.Read<SettlementCustomerLine>(string.Concat(parts.Cast<string>()));
        return line ?? throw new InvalidDataException($"settlement line {row.PartitionKey}/{row.RowKey} does not read");
    }

    private static byte[] Compress(byte[] json)
    {
        using var packed = new MemoryStream();
        using (var brotli = new BrotliStream(packed, CompressionLevel.Fastest))
        {
            brotli.Write(json);
        }

        return packed.ToArray();
    }

    private static byte[] Decompress(byte[] packed)
    {
        using var json = new MemoryStream();
        using (var brotli = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress))
        {
            brotli.CopyTo(json);
        }

        return json.ToArray();
    }
}
