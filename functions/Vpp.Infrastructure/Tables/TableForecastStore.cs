using System.Globalization;
using Vpp.Application.Fleet;
using Vpp.Application.Forecasting;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Hourly history in <c>programhours</c> and the latest forecast per hour in <c>forecasts</c>, both keyed by program and
/// the hour's UTC start (keys sort by time, so a time range is a key range). Writes go in entity-group transactions of
/// up to 100 rows.
/// </summary>
public sealed class TableForecastStore(StorageTables tables) : IForecastStore
{
    private const int TransactionLimit = 100;

    public async Task<IReadOnlyList<ProgramHour>> LoadHistoryAsync(string programId, DateTimeOffset fromUtc, CancellationToken cancellationToken)
    {
        var hours = new List<ProgramHour>();
        await foreach (var row in tables.ProgramHours.QueryAsync(new TableQuery($"PartitionKey eq {TableQuery.Literal(programId)} and RowKey ge {TableQuery.Literal(Key(fromUtc))}"), cancellationToken))
        {
            hours.Add(new ProgramHour(
                ParseKey(row.RowKey),
                (int)(row.GetInt64("Snapshots") ?? 0),
                row.GetDouble("SiteNetKw") ?? double.NaN,
                row.GetDouble("SolarKw") ?? double.NaN,
                StoredJson.Read<Dictionary<string, FlexibilityRecord>>(row.GetString("Flexibility")) ?? []));
        }

        return hours;
    }

    public Task SaveHistoryAsync(string programId, IReadOnlyList<ProgramHour> hours, CancellationToken cancellationToken) =>
        UpsertAllAsync(tables.ProgramHours, hours.Select(h => new TableEntity(programId, Key(h.HourStartUtc))
        {
            ["Snapshots"] = (long)h.Snapshots,
            ["SiteNetKw"] = h.SiteNetKw,
            ["SolarKw"] = double.IsFinite(h.SolarKw) ? h.SolarKw : null,
            ["Flexibility"] = StoredJson.Write(h.FlexibilityByType),
        }), cancellationToken);

    public Task SaveAsync(string programId, IReadOnlyList<ForecastInterval> intervals, CancellationToken cancellationToken) =>
        UpsertAllAsync(tables.Forecasts, intervals.Select(i => new TableEntity(programId, Key(i.StartUtc))
        {
            ["Forecast"] = StoredJson.Write(i),
            ["IssuedUtc"] = i.IssuedUtc,
            ["ModelVersion"] = i.ModelVersion,
        }), cancellationToken);

    public async Task<IReadOnlyList<ForecastInterval>> FindAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq {TableQuery.Literal(programId)} and RowKey ge {TableQuery.Literal(Key(fromUtc))} and RowKey lt {TableQuery.Literal(Key(toUtc))}";
        var intervals = new List<ForecastInterval>();
        await foreach (var row in tables.Forecasts.QueryAsync(new TableQuery(filter, ["Forecast"]), cancellationToken))
        {
            if (StoredJson.Read<ForecastInterval>(row.GetString("Forecast")) is { } interval)
            {
                intervals.Add(interval);
            }
        }

        return intervals;
    }

    private static async Task UpsertAllAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(TransactionLimit))
        {
            await table.SubmitTransactionAsync([.. chunk.Select(TableOperation.UpsertReplace)], cancellationToken);
        }
    }

    private static string Key(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseKey(string key) =>
        DateTimeOffset.ParseExact(key, "yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
