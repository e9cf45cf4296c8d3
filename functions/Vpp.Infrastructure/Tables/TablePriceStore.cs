using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Vpp.Application.Pricing;
using Vpp.Domain.Pricing;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Market prices in <c>prices</c>: PK = programId, RK = the interval's UTC start, so a time range is a key range. A
/// price is kept as its decimal text: a table's Double would not give back the cents the market published.
/// </summary>
public sealed class TablePriceStore(StorageTables tables) : IPriceStore
{
    /// <summary>The longest interval a feed delivers: a stored interval starting this long before a delivery can still overlap it.</summary>
    private static readonly TimeSpan LongestInterval = TimeSpan.FromMinutes(60);

    /// <summary>
    /// A delivery replaces every stored interval it overlaps, whatever their lengths: an hour priced by an earlier hourly
    /// delivery and a quarter of it priced by a later one would otherwise both be served.
    /// </summary>
    public async Task SaveAsync(string programId, PriceFeed feed, CancellationToken cancellationToken)
    {
        var length = TimeSpan.FromMinutes(feed.IntervalMinutes);
        var starts = feed.Prices.Select(p => p.StartUtc).Order().ToList();
        var delivered = starts.Select(TimeKey.Of).ToHashSet(StringComparer.Ordinal);
        bool Overlapped(DateTimeOffset start, TimeSpan storedLength)
        {
            // The delivered interval starting latest before the stored one ends is the only one that can overlap it.
            var index = starts.BinarySearch(start + storedLength);
            var candidate = (index >= 0 ? index : ~index) - 1;
            return candidate >= 0 && starts[candidate] + length > start;
        }

        var stale = new List<TableTransactionAction>();
        await foreach (var row in tables.Prices.QueryAsync<TableEntity>(TimeKey.Range(programId, starts[0] - LongestInterval, starts[^1] + length), select: ["RowKey", "IntervalMinutes"], cancellationToken: cancellationToken))
        {
            if (!delivered.Contains(row.RowKey) && row.Int64Of("IntervalMinutes") is { } minutes && Overlapped(TimeKey.Parse(row.RowKey), TimeSpan.FromMinutes(minutes)))
            {
                stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(programId, row.RowKey), ETag.All));
            }
        }

        var writes = feed.Prices.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(programId, TimeKey.Of(p.StartUtc))
        {
            ["PricePerKwh"] = p.PricePerKwh.ToString(CultureInfo.InvariantCulture),
            ["IntervalMinutes"] = (long)feed.IntervalMinutes,
            ["Source"] = feed.Source,
            ["ReceivedUtc"] = feed.ReceivedUtc,
        }));
        foreach (var chunk in stale.Concat(writes).Chunk(TableRows.MaxBatchOperations))
        {
            await tables.Prices.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<StoredPrice>> FindAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var prices = new List<StoredPrice>();
        await foreach (var row in tables.Prices.QueryAsync<TableEntity>(TimeKey.Range(programId, fromUtc, toUtc), cancellationToken: cancellationToken))
        {
            if (decimal.TryParse(row.GetString("PricePerKwh"), NumberStyles.Number, CultureInfo.InvariantCulture, out var price) && row.Int64Of("IntervalMinutes") is { } minutes)
            {
                prices.Add(new StoredPrice(TimeKey.Parse(row.RowKey), (int)minutes, price, row.GetString("Source") ?? "", row.GetDateTimeOffset("ReceivedUtc") ?? DateTimeOffset.MinValue));
            }
        }

        return prices;
    }
}
