using System.Net;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tests;

public sealed class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.Account.Table(AzuriteFixture.UniqueName("t"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task Typed_properties_round_trip_exactly()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero).AddTicks(1234567);
        var entity = new TableEntity("device-1|202603", "m15|20260329T0130")
        {
            ["Int64"] = 9_007_199_254_740_993L, // beyond double precision: must travel as a string
            ["Int32"] = 42,
            ["DoubleWhole"] = 3.0, // integral double must not come back as Int32
            ["Double"] = -2.75,
            ["Flag"] = true,
            ["Text"] = "kWh ≥ 0 'quoted'",
            ["When"] = when,
            ["Blob"] = new byte[] { 0, 1, 2, 255 },
            ["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        };
        await table.InsertAsync(entity);

        var read = await table.GetAsync("device-1|202603", "m15|20260329T0130");

        Assert.NotNull(read);
        Assert.Equal(9_007_199_254_740_993L, read["Int64"]);
        Assert.Equal(42, read["Int32"]);
        Assert.IsType<double>(read["DoubleWhole"]);
        Assert.Equal(3.0, read["DoubleWhole"]);
        Assert.Equal(-2.75, read["Double"]);
        Assert.Equal(true, read["Flag"]);
        Assert.Equal("kWh ≥ 0 'quoted'", read["Text"]);
        Assert.Equal(when, read["When"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read["Blob"]);
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), read["Id"]);
        Assert.False(string.IsNullOrEmpty(read.ETag));
    }

    [Fact]
    public async Task Insert_twice_is_a_conflict_with_the_service_error_code()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<StorageException>(() => table.InsertAsync(new TableEntity("p", "r")));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Upsert_replace_drops_old_properties_and_upsert_merge_keeps_them()
    {
        var table = await NewTableAsync();
        await table.UpsertReplaceAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = 2 });
        await table.UpsertReplaceAsync(new TableEntity("p", "replace") { ["A"] = 10 });
        await table.UpsertMergeAsync(new TableEntity("p", "merge") { ["A"] = 1, ["B"] = 2 });
        await table.UpsertMergeAsync(new TableEntity("p", "merge") { ["A"] = 10 });

        var replaced = await table.GetAsync("p", "replace");
        var merged = await table.GetAsync("p", "merge");

        Assert.Equal(10, replaced!["A"]);
        Assert.Null(replaced["B"]);
        Assert.Equal(10, merged!["A"]);
        Assert.Equal(2, merged["B"]);
    }

    [Fact]
    public async Task A_stale_etag_surfaces_as_a_typed_concurrency_conflict()
    {
        var table = await NewTableAsync();
        var original = new TableEntity("p", "r") { ["Version"] = 1 };
        await table.InsertAsync(original);
        var first = (await table.GetAsync("p", "r"))!;
        var second = (await table.GetAsync("p", "r"))!;

        first["Version"] = 2;
        await table.ReplaceAsync(first);
        second["Version"] = 3;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => table.ReplaceAsync(second));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => table.MergeAsync(second));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => table.DeleteAsync("p", "r", second.ETag));
        Assert.Equal(2, (await table.GetAsync("p", "r"))!["Version"]);
    }

    [Fact]
    public async Task Delete_removes_and_reports_absence()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r"));

        Assert.True(await table.DeleteAsync("p", "r"));
        Assert.False(await table.DeleteAsync("p", "r"));
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Query_pages_through_more_than_a_thousand_entities_with_filter_select_and_top()
    {
        var table = await NewTableAsync();
        for (var chunk = 0; chunk < 13; chunk++)
        {
            var operations = Enumerable.Range(chunk * 100, 100)
                .Select(i => TableOperation.Insert(new TableEntity("big", i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture))
                {
                    ["Index"] = i,
                    ["Even"] = i % 2 == 0,
                    ["Padding"] = "x",
                }))
                .ToList();
            await table.SubmitTransactionAsync(operations);
        }

        var all = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync(TableQuery.PartitionEquals("big")))
        {
            all.Add(entity);
        }

        var firstPage = await table.QueryPageAsync(new TableQuery("PartitionKey eq 'big' and Even eq true", ["Index"], Top: 100));

        Assert.Equal(1300, all.Count);
        Assert.Equal(Enumerable.Range(0, 1300), all.Select(e => (int)e["Index"]!));
        Assert.Equal(100, firstPage.Entities.Count);
        Assert.NotNull(firstPage.Continuation);
        Assert.All(firstPage.Entities, e => Assert.Equal(0, (int)e["Index"]! % 2));
        Assert.All(firstPage.Entities, e => Assert.Null(e["Padding"]));
    }

    [Fact]
    public async Task A_transaction_applies_every_operation_and_returns_new_etags()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "existing") { ["N"] = 1 });
        var existing = (await table.GetAsync("p", "existing"))!;
        existing["N"] = 2;
        var inserted = new TableEntity("p", "new") { ["N"] = 1 };

        await table.SubmitTransactionAsync([TableOperation.Insert(inserted), TableOperation.Replace(existing), TableOperation.UpsertMerge(new TableEntity("p", "merged") { ["N"] = 3 })]);

        Assert.Equal(2, (await table.GetAsync("p", "existing"))!["N"]);
        Assert.Equal(3, (await table.GetAsync("p", "merged"))!["N"]);
        Assert.False(string.IsNullOrEmpty(inserted.ETag));
        existing["N"] = 5;
        await table.ReplaceAsync(existing); // the ETag from the batch is the current one
    }

    [Fact]
    public async Task One_bad_operation_rolls_the_whole_transaction_back()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "taken"));
        var operations = new List<TableOperation>
        {
            TableOperation.Insert(new TableEntity("p", "a")),
            TableOperation.Insert(new TableEntity("p", "b")),
            TableOperation.Insert(new TableEntity("p", "taken")),
            TableOperation.Insert(new TableEntity("p", "c")),
        };

        var error = await Assert.ThrowsAsync<TableTransactionException>(() => table.SubmitTransactionAsync(operations));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal(2, error.FailedOperationIndex);
        foreach (var key in new[] { "a", "b", "c" })
        {
            Assert.Null(await table.GetAsync("p", key));
        }
    }

    [Fact]
    public async Task A_stale_etag_inside_a_transaction_is_a_concurrency_conflict_and_nothing_applies()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r") { ["N"] = 1 });
        var stale = (await table.GetAsync("p", "r"))!;
        await table.UpsertReplaceAsync(new TableEntity("p", "r") { ["N"] = 2 });
        stale["N"] = 3;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            table.SubmitTransactionAsync([TableOperation.Insert(new TableEntity("p", "other")), TableOperation.Replace(stale)]));

        Assert.Null(await table.GetAsync("p", "other"));
        Assert.Equal(2, (await table.GetAsync("p", "r"))!["N"]);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    public void Forbidden_key_characters_are_rejected_before_any_request(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new TableEntity("p", key));

        Assert.Contains("RowKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("forbids", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transactions_over_one_hundred_operations_or_across_partitions_are_rejected()
    {
        var table = azurite.Account.Table("unused");
        var tooMany = Enumerable.Range(0, 101).Select(i => TableOperation.Insert(new TableEntity("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var mixed = new List<TableOperation> { TableOperation.Insert(new TableEntity("p1", "r")), TableOperation.Insert(new TableEntity("p2", "r")) };

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(mixed));
    }
}
