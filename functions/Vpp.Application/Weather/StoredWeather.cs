namespace Vpp.Application.Weather;

/// <summary>An hour's weather as stored, with the delivery it came from.</summary>
public sealed record StoredWeather(DateTimeOffset HourStartUtc, double TemperatureC, double? CloudCoverPct, string Source, DateTimeOffset ReceivedUtc);
