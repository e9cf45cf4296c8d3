namespace Vpp.Application.Weather;

/// <summary>An hour's temperature as stored, with the delivery it came from.</summary>
public sealed record StoredTemperature(DateTimeOffset HourStartUtc, double TemperatureC, string Source, DateTimeOffset ReceivedUtc);
