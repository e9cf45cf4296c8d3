namespace Vpp.Application.Pricing;

/// <summary>A market interval's price as stored, with the delivery it came from.</summary>
public sealed record StoredPrice(DateTimeOffset StartUtc, int IntervalMinutes, decimal PricePerKwh, string Source, DateTimeOffset ReceivedUtc)
{
    public DateTimeOffset EndUtc => StartUtc + TimeSpan.FromMinutes(IntervalMinutes);
}
