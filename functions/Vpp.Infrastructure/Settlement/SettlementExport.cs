using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CsvHelper;
using Parquet.Serialization;
using Vpp.Domain.Settlement;

namespace Vpp.Infrastructure.Settlement;

/// <summary>
/// A run's finance export: statement lines, payout lines and journal, each as CSV (CsvHelper, invariant culture) and
/// Parquet (Parquet.Net, money as decimal(18,2)), and a manifest naming every file with its rows, money total and
/// SHA-256. The manifest is written last, so a reader that finds it finds every file it names.
/// </summary>
public static class SettlementExport
{
    public const string ManifestName = "manifest.json";

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };
    private static readonly CsvWriterOptions CsvSettings = new() { FormatProvider = CultureInfo.InvariantCulture };

    public static async Task<IReadOnlyList<ExportFile>> WriteAsync(SettlementRun run, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(journal);
        var month = run.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var statementRows = run.Statements.SelectMany(c => c.Enrolments.SelectMany(e => e.Lines.Select(l => (e.CustomerId, e.DeviceId, Line: l, CorrectedMonth: (DateOnly?)null)))
                .Concat(c.Adjustments.Select(a => (c.CustomerId, a.DeviceId, a.Line, CorrectedMonth: (DateOnly?)a.CorrectedMonth))))
            .Select(x => new StatementLineRow
            {
                RunId = run.RunId,
                Version = run.Version,
                CustomerId = x.CustomerId,
                DeviceId = x.DeviceId,
                Month = month,
                CorrectedMonth = x.CorrectedMonth?.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                Kind = x.Line.Kind.ToString(),
                EventId = x.Line.EventId,
                Description = x.Line.Description,
                Quantity = x.Line.Quantity,
                Unit = x.Line.Unit,
                Rate = x.Line.Rate,
                Amount = x.Line.Amount,
            }).ToList();
        var payoutRows = run.Payouts.Select(p => new PayoutRow
        {
            RunId = run.RunId,
            Version = run.Version,
            CustomerId = p.CustomerId,
            ConnectedAccountId = p.ConnectedAccountId,
            StatementTotal = p.StatementTotal,
            BroughtForward = p.BroughtForward,
            Amount = p.Amount,
            Disposition = p.Disposition.ToString(),
            IdempotencyKey = p.IdempotencyKey,
        }).ToList();
        var journalRows = journal.Select(j => new JournalRow
        {
            EntryId = j.EntryId,
            Date = j.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Account = j.Account,
            Debit = j.Debit,
            Credit = j.Credit,
            CustomerId = j.CustomerId,
            Reference = j.Reference,
        }).ToList();

        // The three tables are written at once, each on its own thread: a large run's export is mostly this formatting.
        var files = (await Task.WhenAll(
                Task.Run(() => BothAsync("statement-lines", statementRows, statementRows.Sum(r => r.Amount), cancellationToken), cancellationToken),
                Task.Run(() => BothAsync("payouts", payoutRows, payoutRows.Sum(r => r.Amount), cancellationToken), cancellationToken),
                Task.Run(() => BothAsync("journal", journalRows, journalRows.Sum(r => r.Credit), cancellationToken), cancellationToken)))
            .SelectMany(both => both)
            .ToList();
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            runId = run.RunId,
            version = run.Version,
            statementsTotal = run.StatementsTotal,
            transfersTotal = run.TransfersTotal,
            carriedTotal = run.CarriedTotal,
            files = files.Select(f => new { name = f.Name, rows = f.Rows, total = f.Total, sha256 = f.Sha256 }),
        }, ManifestJson);
        files.Add(File(ManifestName, "application/json", manifest, files.Count, 0));
        return files;
    }

    private static async Task<ExportFile[]> BothAsync<T>(string name, List<T> rows, decimal total, CancellationToken cancellationToken)
    {
        using var csv = new MemoryStream();
        await using (var csvWriter = CsvWriter.Create(csv, CsvSettings, true))
        {
            csvWriter.WriteRecords(rows);
        }

        using var parquet = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, parquet, cancellationToken: cancellationToken);
        return [File($"{name}.csv", "text/csv", csv.ToArray(), rows.Count, total), File($"{name}.parquet", "application/vnd.apache.parquet", parquet.ToArray(), rows.Count, total)];
    }

    private static ExportFile File(string name, string contentType, byte[] content, int rows, decimal total) =>
        new(name, contentType, content, rows, total, Convert.ToHexStringLower(SHA256.HashData(content)));
}
