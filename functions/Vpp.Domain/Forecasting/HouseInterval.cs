namespace Vpp.Domain.Forecasting;

/// <summary>
/// One interval of a heat pump's house: the compressor's energy, the indoor temperature over the interval (the middle
/// of the lowest and highest reported) and the outdoor temperature of its hour.
/// </summary>
public readonly record struct HouseInterval(DateTimeOffset Start, TimeSpan Length, double CompressorKwh, double IndoorC, double OutdoorC);
