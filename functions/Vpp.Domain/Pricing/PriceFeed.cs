using Vpp.Domain.Devices;

namespace Vpp.Domain.Pricing;

/// <summary>
/// One delivery of day-ahead market prices for a program's price zone, hourly or per quarter hour, as the market
/// publishes them (usually once a day, for the next). Deliveries replace each other interval by interval, so a
/// correction replaces what it corrects.
/// </summary>
public sealed record PriceFeed(string Source, DateTimeOffset ReceivedUtc, int IntervalMinutes, IReadOnlyList<MarketPrice> Prices)
{
    public const int MaxPrices = 2_000;
    public const int MaxSourceLength = 200;

    /// <summary>
    /// Beyond ±10 a kWh (±10,000 a MWh, past every market's price cap and floor) a price is in the wrong unit: the feed
    /// delivers prices per kWh in the currency's major unit.
    /// </summary>
    public const decimal MaxAbsPricePerKwh = 10m;

    /// <summary>Day-ahead markets publish at most a couple of days ahead; older prices are no use to a plan.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(7);

    /// <inheritdoc cref="MaxAhead"/>
    public static readonly TimeSpan MaxBehind = TimeSpan.FromDays(7);

    public TimeSpan Interval => TimeSpan.FromMinutes(IntervalMinutes);

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(Source) || Source.Length > MaxSourceLength)
        {
            errors.Add(new FieldError("source", $"required: which market and price zone these prices are from, at most {MaxSourceLength} characters"));
        }

        if (IntervalMinutes is not (15 or 60))
        {
            errors.Add(new FieldError("intervalMinutes", "15 or 60: the market's interval"));
            return errors;
        }

        if (Prices.Count is 0 or > MaxPrices)
        {
            errors.Add(new FieldError("prices", $"between 1 and {MaxPrices} intervals"));
            return errors;
        }

        var seen = new Dictionary<DateTimeOffset, int>();
        for (var i = 0; i < Prices.Count; i++)
        {
            var (start, price) = (Prices[i].StartUtc, Prices[i].PricePerKwh);
            var field = $"prices[{i}].";
            if (start.UtcTicks % TimeSpan.FromMinutes(15).Ticks != 0)
            {
                errors.Add(new FieldError(field + "startUtc", "must start on a quarter hour"));
            }
            else if (start < ReceivedUtc - MaxBehind || start > ReceivedUtc + MaxAhead)
            {
                errors.Add(new FieldError(field + "startUtc", $"must lie within {MaxBehind.TotalDays:0} days before and {MaxAhead.TotalDays:0} days after now"));
            }
            else if (!seen.TryAdd(start, i))
            {
                errors.Add(new FieldError(field + "startUtc", $"repeats prices[{seen[start]}]"));
            }

            if (Math.Abs(price) > MaxAbsPricePerKwh)
            {
                errors.Add(new FieldError(field + "pricePerKwh", $"a price per kWh between -{MaxAbsPricePerKwh} and {MaxAbsPricePerKwh} (per MWh divided by 1,000)"));
            }
        }

        var starts = seen.Keys.Order().ToList();
        for (var k = 1; k < starts.Count; k++)
        {
            if (starts[k] - starts[k - 1] < Interval)
            {
                errors.Add(new FieldError("prices", $"the {IntervalMinutes}-minute intervals from {starts[k - 1]:O} and {starts[k]:O} overlap"));
                break;
            }
        }

        return errors;
    }
}
