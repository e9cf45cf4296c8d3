using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parquet.Serialization;
using Vpp.Domain.Settlement;
using Vpp.Infrastructure.Settlement;

namespace Vpp.Infrastructure.Tests;

public sealed class SettlementExportTests
{
    private static readonly DateOnly June = new(2026, 6, 1);

    private static CustomerStatement Statement(string customerId, params decimal[] amounts) =>
        new(customerId, June, [new EnrolmentStatement($"{customerId}-dev", customerId, June, 4, "pledged", 1, [],
            [.. amounts.Select((a, i) => new StatementLine(a >= 0 ? StatementLineKind.Energy : StatementLineKind.Clawback, $"evt-{i}", "energy delivered (10-in-10, \"capped\", at 1.2)", 3.456m, "kWh", 1.25m, a))])]);

    [Fact]
    public async Task A_run_exports_csv_and_parquet_that_read_back_to_its_totals_with_a_manifest_of_rows_totals_and_hashes()
    {
        var run = SettlementRun.Draft("prog-1", June, 2, [Statement("a", 30.10m, 4.32m), Statement("b", 3m) with { Adjustments = [new StatementAdjustment(June.AddMonths(-1), "b", "b-dev", 10.00m, 12.50m)] }, Statement("c", -8m)],
            new Dictionary<string, string> { ["a"] = "acct_a", ["b"] = "acct_b" }, new Dictionary<string, decimal> { ["b"] = 4.01m }, 5m, DateTimeOffset.UnixEpoch, "test");
        var journal = SettlementJournal.AtApproval(run.RunId, run.Version, June.AddMonths(1), run.Statements);

        var files = (await SettlementExport.WriteAsync(run, journal, CancellationToken.None)).ToDictionary(f => f.Name);

        Assert.Equal(["statement-lines.csv", "statement-lines.parquet", "payouts.csv", "payouts.parquet", "journal.csv", "journal.parquet", "manifest.json"], files.Keys);
        var lines = (await ParquetSerializer.DeserializeAsync<StatementLineRow>(new MemoryStream(files["statement-lines.parquet"].Content))).Data;
        var payouts = (await ParquetSerializer.DeserializeAsync<PayoutRow>(new MemoryStream(files["payouts.parquet"].Content))).Data;
        var entries = (await ParquetSerializer.DeserializeAsync<JournalRow>(new MemoryStream(files["journal.parquet"].Content))).Data;
        Assert.Equal(run.StatementsTotal, lines.Sum(l => l.Amount));
        Assert.Equal(run.StatementsTotal + run.BroughtForwardTotal, payouts.Sum(p => p.Amount));
        Assert.Equal(entries.Sum(e => e.Debit), entries.Sum(e => e.Credit));
        Assert.Equal(3.456m, lines[0].Quantity);
        Assert.Equal("prog-1:2026-06", lines[0].RunId);

        var csv = Encoding.UTF8.GetString(files["statement-lines.csv"].Content).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(6, csv.Length);
        Assert.Equal("RunId,Version,CustomerId,DeviceId,Month,CorrectedMonth,Kind,EventId,Description,Quantity,Unit,Rate,Amount", csv[0]);
        Assert.Equal("prog-1:2026-06,2,b,b-dev,2026-06,2026-05,Adjustment,,\"correction of 2026-05 for b-dev: 10.00 settled, 12.50 due\",1,correction,,2.50", csv[4]);
        Assert.Equal(("2026-05", 2.50m), (lines[3].CorrectedMonth, lines[3].Amount));
        Assert.Contains("\"energy delivered (10-in-10, \"\"capped\"\", at 1.2)\",3.456,kWh,1.25,30.10", csv[1]);

        using var manifest = JsonDocument.Parse(files["manifest.json"].Content);
        foreach (var entry in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            var file = files[entry.GetProperty("name").GetString()!];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.Content)), entry.GetProperty("sha256").GetString());
            Assert.Equal(file.Rows, entry.GetProperty("rows").GetInt32());
        }

        Assert.Equal(run.StatementsTotal, manifest.RootElement.GetProperty("statementsTotal").GetDecimal());
        Assert.Equal(31.92m, files["statement-lines.csv"].Total);
    }
}
