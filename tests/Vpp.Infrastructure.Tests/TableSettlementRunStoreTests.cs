using System.Text.Json;
using System.Text.Json.Serialization;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;
using Vpp.Domain.Tests.Settlement;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

public sealed class TableSettlementRunStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly June = new(2026, 6, 1);

    /// <summary>How lines were written as plain JSON before they were compressed.</summary>
    private static readonly JsonSerializerOptions PlainJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private static SettlementRunRecord Run(string programId, int version, params string[] batchStarts) =>
        new(programId, June, version, SettlementRunStatus.Computing, SettlementRunTotals.Zero, [], batchStarts);

    private async Task<(StorageTables Tables, TableSettlementRunStore Store)> StoreAsync()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        return (tables, new TableSettlementRunStore(tables));
    }

    private static SettlementCustomerLine Line(SettlementRunRecord run, string customerId, decimal amount)
    {
        var statement = new CustomerStatement(customerId, June, []);
        return SettlementCustomerLine.For(statement, new PayoutLine(customerId, $"acct_{customerId}", amount, 0, PayoutDisposition.Transfer, $"{run.RunId}|v{run.Version}|{customerId}"));
    }

    [Fact]
    public async Task Lines_read_back_by_customer_range_across_batches_with_their_latest_outcome_and_only_the_run_version_s_own()
    {
        var (tables, store) = await StoreAsync();
        var program = AzuriteFixture.UniqueName("lines");
        var run = Run(program, 2, "", "c", "f");
        string[] customers = ["a", "b", "c", "d", "e", "f", "g", "h"];
        var computed = customers.Select((c, i) => Line(run, c, i + 1)).ToList();
        await store.SaveLinesAsync(run, computed, CancellationToken.None);

        // d's transfer failed once and then went through and was reversed; e's was refused.
        await store.SaveOutcomesAsync(run, [computed[3] with { State = PayoutState.Pending, FailureCode = "api_error", Attempts = 1 }, computed[4] with { State = PayoutState.Failed, FailureCode = "account_closed", FailureMessage = "closed", Attempts = 1 }], CancellationToken.None);
        await store.SaveOutcomesAsync(run, [computed[3] with { State = PayoutState.Reversed, TransferId = "tr_d", Attempts = 2, ReversalId = "trr_d", ReversedOn = new DateOnly(2026, 7, 20) }], CancellationToken.None);

        // Neighbours whose partitions sort next to the run's: the version before, and a program whose id extends this one's.
        var before = Run(program, 1, "", "e");
        await store.SaveLinesAsync(before, [.. customers.Select(c => Line(before, c, 100))], CancellationToken.None);
        var other = Run(program + "x", 2, "", "c", "f");
        await store.SaveLinesAsync(other, [.. customers.Select(c => Line(other, c, 1000))], CancellationToken.None);

        async Task<string> Read(string from, string? until, PayoutState? state = null) =>
            string.Concat((await store.ReadLinesAsync(run, from, until, state, CancellationToken.None)).Select(l => $"{l.CustomerId}{l.Payout.StatementTotal:0}"));

        Assert.Equal("a1b2c3d4e5f6g7h8", await Read(string.Empty, null));
        Assert.Equal("b2c3d4e5f6", await Read("b", "g"));
        Assert.Equal("c3d4e5", await Read("c", "f"));
        Assert.Equal("f6g7h8", await Read("f", null));
        Assert.Equal("d4", await Read(string.Empty, null, PayoutState.Reversed));
        Assert.Equal("a1b2c3f6g7h8", await Read(string.Empty, null, PayoutState.Pending));
        Assert.Equal(computed[3] with { State = PayoutState.Reversed, TransferId = "tr_d", Attempts = 2, ReversalId = "trr_d", ReversedOn = new DateOnly(2026, 7, 20) },
            (await store.ReadLinesAsync(run, "d", "e", null, CancellationToken.None)).Single(), LineComparer.Instance);
        Assert.Equal(computed[4] with { State = PayoutState.Failed, FailureCode = "account_closed", FailureMessage = "closed", Attempts = 1 },
            await store.FindLineAsync(run, "e", CancellationToken.None), LineComparer.Instance);
        Assert.Equal(computed[0], await store.FindLineAsync(run, "a", CancellationToken.None), LineComparer.Instance);
        Assert.Equal("a100b100c100d100", string.Concat((await store.ReadLinesAsync(before, string.Empty, "e", null, CancellationToken.None)).Select(l => $"{l.CustomerId}{l.Payout.StatementTotal:0}")));
    }

    [Fact]
    public async Task A_customer_with_many_devices_keeps_a_line_longer_than_a_table_column_holds()
    {
        var (tables, store) = await StoreAsync();
        var run = Run(AzuriteFixture.UniqueName("long"), 1, "");
        // Lines are stored compressed: each device's own measured energies keep this one over a column's 64 KiB.
        var random = new Random(7);
        var enrolments = Enumerable.Range(1, 400)
            .Select(i => SettlementBuilders.Settle(SettlementBuilders.Terms(), [.. Enumerable.Range(1, 8).Select(day => SettlementBuilders.Delivered($"event-{day}", day * 3, 2, 3 * random.NextDouble()))],
                SettlementBuilders.Enrolment() with { DeviceId = $"water-heater-{i:000}" }))
            .ToList();
        var statement = new CustomerStatement("cust-1", June, enrolments);
        var line = SettlementCustomerLine.For(statement, new PayoutLine("cust-1", "acct_1", statement.Total, 0, PayoutDisposition.Transfer, $"{run.RunId}|v1|cust-1"));

        await store.SaveLinesAsync(run, [line], CancellationToken.None);

        var row = (await tables.SettlementLines.GetEntityAsync<Azure.Data.Tables.TableEntity>($"{run.ProgramId}|2026-06|v0001|00000", "cust-1")).Value;
        Assert.True(row.GetInt32("Parts") > 1, "the line should span several columns");
        var read = (await store.FindLineAsync(run, "cust-1", CancellationToken.None))!;
        Assert.Equal(line, read, LineComparer.Instance);
        Assert.Equal(statement.Total, read.Statement.Total);
        Assert.Equal(enrolments.Select(e => (e.DeviceId, e.Total, e.Events.Count)), read.Statement.Enrolments.Select(e => (e.DeviceId, e.Total, e.Events.Count)));
    }

    [Fact]
    public async Task A_line_stored_as_plain_JSON_by_an_earlier_version_still_reads()
    {
        var (tables, store) = await StoreAsync();
        var run = Run(AzuriteFixture.UniqueName("plain"), 1, "");
        var line = Line(run, "cust-1", 42);
        await tables.SettlementLines.AddEntityAsync(new Azure.Data.Tables.TableEntity($"{run.ProgramId}|2026-06|v0001|00000", "cust-1")
        {
            ["Parts"] = 1,
            ["Line0"] = JsonSerializer.Serialize(line, PlainJson),
        });

        Assert.Equal(line, await store.FindLineAsync(run, "cust-1", CancellationToken.None), LineComparer.Instance);
    }

    /// <summary>Lines compared by what is stored of them (a statement's lists are compared by their items).</summary>
    private sealed class LineComparer : IEqualityComparer<SettlementCustomerLine?>
    {
        public static readonly LineComparer Instance = new();

        public bool Equals(SettlementCustomerLine? x, SettlementCustomerLine? y) =>
            x is not null && y is not null && x.CustomerId == y.CustomerId && x.Payout == y.Payout
            && (x.State, x.TransferId, x.FailureCode, x.FailureMessage, x.Attempts, x.ReversalId, x.ReversedOn) == (y.State, y.TransferId, y.FailureCode, y.FailureMessage, y.Attempts, y.ReversalId, y.ReversedOn);

        public int GetHashCode(SettlementCustomerLine? obj) => obj?.CustomerId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
