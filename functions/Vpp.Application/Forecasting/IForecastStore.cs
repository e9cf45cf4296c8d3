namespace Vpp.Application.Forecasting;

/// <summary>A program's hourly history (what forecasts learn from) and its latest forecast for each hour.</summary>
public interface IForecastStore
{
    /// <summary>The stored hours from <paramref name="fromUtc"/> on, oldest first.</summary>
    Task<IReadOnlyList<ProgramHour>> LoadHistoryAsync(string programId, DateTimeOffset fromUtc, CancellationToken cancellationToken);

    /// <summary>Stores hours, replacing any stored for the same hour (a rerun rewrites, never adds).</summary>
    Task SaveHistoryAsync(string programId, IReadOnlyList<ProgramHour> hours, CancellationToken cancellationToken);

    /// <summary>Stores a run's intervals, replacing what an earlier run forecast for the same hours.</summary>
    Task SaveAsync(string programId, IReadOnlyList<ForecastInterval> intervals, CancellationToken cancellationToken);

    /// <summary>The stored intervals starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first.</summary>
    Task<IReadOnlyList<ForecastInterval>> FindAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
