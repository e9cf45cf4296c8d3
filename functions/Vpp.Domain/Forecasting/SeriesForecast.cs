namespace Vpp.Domain.Forecasting;

/// <summary>A forecast of one series: which model made it (with the history it had) and P10/P50/P90 per interval.</summary>
public sealed record SeriesForecast(string Model, IReadOnlyList<ProbabilisticForecast> Points);
