namespace Vpp.Domain.Forecasting;

/// <summary>A forecast for one interval: the median and the 10 % and 90 % quantiles.</summary>
public readonly record struct ProbabilisticForecast(DateTimeOffset Time, double P10, double P50, double P90);
