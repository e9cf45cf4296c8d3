namespace Vpp.Domain.Weather;

/// <summary>The outdoor air temperature over one UTC hour in a program's area: observed for a past hour, forecast for one ahead.</summary>
public sealed record HourlyTemperature(DateTimeOffset HourStartUtc, double TemperatureC);
