using Azure.Data.Tables;
using Vpp.Application.Weather;
using Vpp.Domain.Weather;

namespace Vpp.Infrastructure.Tables;

/// <summary>Hourly weather in <c>weather</c>: PK = programId, RK = the hour's UTC start, so a time range is a key range.</summary>
public sealed class TableWeatherStore(StorageTables tables) : IWeatherStore
{
    public Task SaveAsync(string programId, WeatherFeed feed, CancellationToken cancellationToken) =>
        tables.Weather.UpsertReplaceAllAsync(feed.Hours.Select(h => new TableEntity(programId, TimeKey.Of(h.HourStartUtc))
        {
            ["TemperatureC"] = h.TemperatureC,
            ["CloudCoverPct"] = h.CloudCoverPct,
            ["Source"] = feed.Source,
            ["ReceivedUtc"] = feed.ReceivedUtc,
        }), cancellationToken);

    public async Task<IReadOnlyList<StoredWeather>> FindAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var hours = new List<StoredWeather>();
        await foreach (var row in tables.Weather.QueryAsync<TableEntity>(TimeKey.Range(programId, fromUtc, toUtc), cancellationToken: cancellationToken))
        {
            if (row.DoubleOf("TemperatureC") is { } temperature)
            {
                hours.Add(new StoredWeather(TimeKey.Parse(row.RowKey), temperature, row.DoubleOf("CloudCoverPct"), row.GetString("Source") ?? "", row.GetDateTimeOffset("ReceivedUtc") ?? DateTimeOffset.MinValue));
            }
        }

        return hours;
    }
}
