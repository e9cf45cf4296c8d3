using System.IO.Hashing;
using System.Text;
using Azure.Data.Tables;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Rows of one owner that would crowd one partition (a program's fleet, every customer's payout account) spread over
/// <see cref="Count"/> partitions, <c>{owner}|{shard}</c>, the shard a stable hash of the row key. In Azure a
/// partition serves about 2,000 entities a second (a 100,000-device fleet's latest readings each minute come close);
/// in Azurite every write looks through its whole partition. Reading all of an owner's rows is one query per shard.
/// </summary>
public static class TableShards
{
    public const int Count = 16;

    /// <summary>The partition holding <paramref name="rowKey"/>'s row of <paramref name="owner"/>.</summary>
    public static string PartitionOf(string owner, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        var shard = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(rowKey)) % Count;
        return Partition(owner, (int)shard);
    }

    /// <summary>Every partition of <paramref name="owner"/>, in shard order.</summary>
    public static IEnumerable<string> PartitionsOf(string owner) => Enumerable.Range(0, Count).Select(shard => Partition(owner, shard));

    /// <summary>
    /// The rows of every partition of <paramref name="owner"/> that <paramref name="filterOf"/> (given a partition) selects,
    /// one query per shard, all at once; each row read by <paramref name="read"/> (null: left out).
    /// </summary>
    public static async Task<IEnumerable<T>> QueryAsync<T>(TableClient table, string owner, Func<string, string> filterOf, IEnumerable<string>? select,
        Func<TableEntity, T?> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(filterOf);
        ArgumentNullException.ThrowIfNull(read);
        var shards = await Task.WhenAll(PartitionsOf(owner).Select(async partition =>
        {
            var values = new List<T>();
            await foreach (var row in table.QueryAsync<TableEntity>(filterOf(partition), select: select, cancellationToken: cancellationToken))
            {
                if (read(row) is { } value)
                {
                    values.Add(value);
                }
            }

            return values;
        }));
        return shards.SelectMany(s => s);
    }

    private static string Partition(string owner, int shard) => FormattableString.Invariant($"{owner}|{shard:00}");
}
