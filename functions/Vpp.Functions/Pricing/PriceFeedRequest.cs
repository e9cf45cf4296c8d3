namespace Vpp.Functions.Pricing;

public sealed record PriceFeedRequest(string? Source, int? IntervalMinutes, IReadOnlyList<PriceRequest?>? Prices);
