namespace Vpp.Domain.Forecasting;

/// <summary>
/// One interval of an EV charger's history: the energy it drew, and the share of the interval a car was plugged in
/// where the charger reports it (null where it does not, as with a plain energy meter).
/// </summary>
public readonly record struct ChargerInterval(DateTimeOffset Start, TimeSpan Length, double ImportedKwh, double? PluggedFraction);
