using Vpp.Domain.Optimization;

namespace Vpp.Domain.Pricing;

/// <summary>A time-of-use energy tariff: seasons of local-time price blocks, in the currency's major unit per kWh.</summary>
public sealed record TimeOfUseTariff(string Name, IReadOnlyList<TariffSeason> Seasons)
{
    /// <summary>The price at a local wall-clock time; the first season that applies wins.</summary>
    public decimal PriceAt(DateTime local)
    {
        var season = Seasons.FirstOrDefault(s => s.AppliesTo(local.Date))
            ?? throw new InvalidOperationException($"Tariff '{Name}' has no season for {local:yyyy-MM-dd} ({local.DayOfWeek}).");
        return season.PriceAt(local.TimeOfDay.TotalHours);
    }

    /// <summary>Price per kWh for each interval of <paramref name="horizon"/>, read at the interval's local start (DST included).</summary>
    public decimal[] PricesFor(PlanningHorizon horizon, TimeZoneInfo zone) =>
        Enumerable.Range(0, horizon.Intervals).Select(t => PriceAt(TimeZoneInfo.ConvertTime(horizon.StartOf(t), zone).DateTime)).ToArray();
}
