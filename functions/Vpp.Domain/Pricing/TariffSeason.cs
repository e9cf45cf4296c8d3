namespace Vpp.Domain.Pricing;

/// <summary>
/// One block of a time-of-use tariff: the days of the year (month/day, inclusive, wrapping over new year) and of the
/// week it applies to, and the price per kWh from each local start hour until the next.
/// </summary>
public sealed record TariffSeason(string Id, (int Month, int Day) From, (int Month, int Day) To, IReadOnlySet<DayOfWeek> Days,
    IReadOnlyList<double> StartHours, IReadOnlyList<decimal> PricePerKwh)
{
    public bool AppliesTo(int month, int day, DayOfWeek dayOfWeek)
    {
        var date = (month * 100) + day;
        var from = (From.Month * 100) + From.Day;
        var to = (To.Month * 100) + To.Day;
        var inSeason = from <= to ? date >= from && date <= to : date >= from || date <= to;
        return inSeason && Days.Contains(dayOfWeek);
    }

    public decimal PriceAt(double localHour)
    {
        var price = PricePerKwh[0];
        for (var i = 0; i < StartHours.Count && StartHours[i] <= localHour; i++)
        {
            price = PricePerKwh[i];
        }

        return price;
    }
}
