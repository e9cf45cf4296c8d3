using System.Globalization;
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
    public Task SaveAsync(string programId, PriceFeed feed, CancellationToken cancellationToken) =>
        tables.Prices.UpsertReplaceAllAsync(feed.Prices.Select(p => new TableEntity(programId, TimeKey.Of(p.StartUtc))
        {
            ["PricePerKwh"] = p.PricePerKwh.ToString(CultureInfo.InvariantCulture),
            ["IntervalMinutes"] = feed.IntervalMinutes,
            ["Source"] = feed.Source,
            ["ReceivedUtc"] = feed.ReceivedUtc,
        }), cancellationToken);

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
