using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

public sealed class TableShardsTests
{
    [Fact]
    public void A_row_keeps_its_partition_from_release_to_release()
    {
        // Stored rows are found by this hash: a change to it would orphan every fleet and payout account row.
        Assert.Equal("demo|05", TableShards.PartitionOf("demo", "sim-00001"));
        Assert.Equal("account|09", TableShards.PartitionOf("account", "cust-sim-00001"));
    }

    [Fact]
    public void Ten_thousand_devices_spread_over_every_shard_within_a_fifth_of_an_even_share()
    {
        var counts = Enumerable.Range(0, 10_000).Select(i => TableShards.PartitionOf("demo", FormattableString.Invariant($"sim-{i:00000}")))
            .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(TableShards.PartitionsOf("demo").Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts.Values, c => Assert.InRange(c, 10_000 / TableShards.Count * 4 / 5, 10_000 / TableShards.Count * 6 / 5));
    }
}
