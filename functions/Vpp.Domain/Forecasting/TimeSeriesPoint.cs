namespace Vpp.Domain.Forecasting;

/// <summary>One observation: an instant (interval start) and its value (kWh per interval, °C, kW...).</summary>
public readonly record struct TimeSeriesPoint(DateTimeOffset Time, double Value);
