using Vpp.Domain.Pricing;

namespace Vpp.Domain.Tests.Pricing;

public sealed class PriceFeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 28, 11, 5, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tomorrow = new(2026, 3, 28, 23, 0, 0, TimeSpan.Zero); // midnight in Paris, CET

    private static IReadOnlyList<string> FieldsAtFault(int intervalMinutes, params MarketPrice[] prices) =>
        [.. new PriceFeed("EPEX day-ahead FR", Now, intervalMinutes, prices).Validate().Select(e => e.Field)];

    [Fact]
    public void A_quarter_hourly_day_across_the_spring_clock_change_with_negative_noon_prices_is_valid()
    {
        // 29 March 2026: Paris springs forward, a 23-hour day of 92 quarter hours, with solar pushing noon prices below zero.
        var prices = Enumerable.Range(0, 92).Select(q => new MarketPrice(Tomorrow.AddMinutes(15 * q), q is >= 40 and < 56 ? -0.00512m : 0.08931m)).ToArray();

        Assert.Empty(FieldsAtFault(15, prices));
    }

    [Fact]
    public void Each_rule_names_the_interval_and_field_at_fault()
    {
        Assert.Equal(["prices[0].startUtc"], FieldsAtFault(60, new MarketPrice(Tomorrow.AddMinutes(10), 0.1m)));
        Assert.Equal(["prices[1].startUtc"], FieldsAtFault(60, new MarketPrice(Tomorrow, 0.1m), new MarketPrice(Tomorrow.ToOffset(TimeSpan.FromHours(1)), 0.2m)));
        Assert.Equal(["prices"], FieldsAtFault(60, new MarketPrice(Tomorrow, 0.1m), new MarketPrice(Tomorrow.AddMinutes(30), 0.2m))); // hours that overlap
        Assert.Equal(["prices[0].pricePerKwh"], FieldsAtFault(60, new MarketPrice(Tomorrow, 89.31m))); // a price per MWh
        Assert.Equal(["prices[0].startUtc"], FieldsAtFault(60, new MarketPrice(Now + PriceFeed.MaxAhead + TimeSpan.FromHours(1), 0.1m)));
        Assert.Equal(["prices[0].startUtc"], FieldsAtFault(60, new MarketPrice(Tomorrow - PriceFeed.MaxBehind - TimeSpan.FromDays(1), 0.1m)));
        Assert.Equal(["intervalMinutes"], FieldsAtFault(30, new MarketPrice(Tomorrow, 0.1m)));
        Assert.Equal(["prices"], FieldsAtFault(60));
        Assert.Equal(["source"], new PriceFeed("", Now, 60, [new MarketPrice(Tomorrow, 0.1m)]).Validate().Select(e => e.Field));
    }
}
