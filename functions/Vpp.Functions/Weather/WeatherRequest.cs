namespace Vpp.Functions.Weather;

public sealed record WeatherRequest(string? Source, IReadOnlyList<HourRequest?>? Hours);
