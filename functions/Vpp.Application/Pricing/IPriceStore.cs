using Vpp.Domain.Pricing;

namespace Vpp.Application.Pricing;

/// <summary>Each program's day-ahead market prices, as its price feed delivered them.</summary>
public interface IPriceStore
{
    /// <summary>Stores a validated delivery, replacing every stored interval it overlaps (of any length).</summary>
    Task SaveAsync(string programId, PriceFeed feed, CancellationToken cancellationToken);

    /// <summary>The intervals starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first.</summary>
    Task<IReadOnlyList<StoredPrice>> FindAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
