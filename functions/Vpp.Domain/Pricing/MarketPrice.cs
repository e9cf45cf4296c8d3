namespace Vpp.Domain.Pricing;

/// <summary>The energy price for one market interval starting at <see cref="StartUtc"/>, in the currency's major unit per kWh.</summary>
public sealed record MarketPrice(DateTimeOffset StartUtc, decimal PricePerKwh);
