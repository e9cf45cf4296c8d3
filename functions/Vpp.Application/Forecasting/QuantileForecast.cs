namespace Vpp.Application.Forecasting;

/// <summary>The 10 %, 50 % and 90 % quantiles of a forecast quantity.</summary>
public sealed record QuantileForecast(double P10, double P50, double P90);
