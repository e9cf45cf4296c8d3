namespace Vpp.Domain.Weather;

/// <summary>
/// The weather over one UTC hour in a program's area, observed for a past hour, forecast for one ahead: the outdoor air
/// temperature, and the share of the sky under cloud where the provider gives it (rooftop solar follows it).
/// </summary>
public sealed record HourlyWeather(DateTimeOffset HourStartUtc, double TemperatureC, double? CloudCoverPct = null);
