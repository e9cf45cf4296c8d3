namespace Vpp.Functions.Weather;

public sealed record HourRequest(string? HourStartUtc, double? TemperatureC, double? CloudCoverPct);
