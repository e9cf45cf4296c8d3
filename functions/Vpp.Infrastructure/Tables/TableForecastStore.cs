using Azure.Data.Tables;
using Vpp.Application.Fleet;
using Vpp.Application.Forecasting;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Hourly history in <c>programhours</c> and the latest forecast per hour in <c>forecasts</c>, both keyed by program and
/// the hour's UTC start (keys sort by time, so a time range is a key range). Writes go in entity-group transactions of
/// up to 100 rows.
/// </summary>
public sealed class TableForecastStore(StorageTables tables) : IForecastStore
{
    public async Task<IReadOnlyList<ProgramHour>> LoadHistoryAsync(string programId, DateTimeOffset fromUtc, CancellationToken cancellationToken)
    {
        var hours = new List<ProgramHour>();
        await foreach (var row in tables.ProgramHours.QueryAsync<TableEntity>(TimeKey.Range(programId, fromUtc), cancellationToken: cancellationToken))
        {
            hours.Add(new ProgramHour(
                TimeKey.Parse(row.RowKey),
                (int)(row.Int64Of("Snapshots") ?? 0),
                row.DoubleOf("SiteNetKw") ?? double.NaN,
                row.DoubleOf("SolarKw") ?? double.NaN,
                StoredJson.Read<Dictionary<string, FlexibilityRecord>>(row.GetString("Flexibility")) ?? [],
                row.DoubleOf("DispatchShiftKw")));
        }

        return hours;
    }

    public Task SaveHistoryAsync(string programId, IReadOnlyList<ProgramHour> hours, CancellationToken cancellationToken) =>
        tables.ProgramHours.UpsertReplaceAllAsync(hours.Select(h => new TableEntity(programId, TimeKey.Of(h.HourStartUtc))
        {
            ["Snapshots"] = (long)h.Snapshots,
            ["SiteNetKw"] = h.SiteNetKw,
            ["SolarKw"] = double.IsFinite(h.SolarKw) ? h.SolarKw : null,
            ["Flexibility"] = StoredJson.Write(h.FlexibilityByType),
            ["DispatchShiftKw"] = h.DispatchShiftKw,
        }), cancellationToken);

    public Task SaveAsync(string programId, IReadOnlyList<ForecastInterval> intervals, CancellationToken cancellationToken) =>
        tables.Forecasts.UpsertReplaceAllAsync(intervals.Select(i => new TableEntity(programId, TimeKey.Of(i.StartUtc))
        {
            ["Forecast"] = StoredJson.Write(i),
            ["IssuedUtc"] = i.IssuedUtc,
            ["ModelVersion"] = i.ModelVersion,
        }), cancellationToken);

    public Task<IReadOnlyList<ForecastInterval>> FindAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
        StoredJson.ReadAllAsync<ForecastInterval>(tables.Forecasts.QueryAsync<TableEntity>(TimeKey.Range(programId, fromUtc, toUtc), select: ["Forecast"], cancellationToken: cancellationToken), "Forecast");
}
