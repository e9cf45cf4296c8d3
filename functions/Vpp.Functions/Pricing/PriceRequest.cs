namespace Vpp.Functions.Pricing;

public sealed record PriceRequest(string? StartUtc, decimal? PricePerKwh);
