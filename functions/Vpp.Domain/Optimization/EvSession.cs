namespace Vpp.Domain.Optimization;

/// <summary>A car plugged in (or expected to be) from arrival to departure, needing this much energy by departure.</summary>
public sealed record EvSession(DateTimeOffset ArrivalUtc, DateTimeOffset DepartureUtc, double EnergyNeededKwh);
