using System.Globalization;
using Vpp.Application.Pricing;
using Vpp.Application.Programs;
using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

/// <summary>
/// What each interval of a plan's horizon costs a program: the day-ahead market's prices where its price feed covers
/// every interval, else its time-of-use tariff. A plan never mixes the two: wholesale and retail prices differ in level,
/// and a plan priced by both would shift load across the seam between them for no one's benefit.
/// </summary>
public static class HorizonPrices
{
    /// <summary>The prices as a cost objective, and where they came from; none for a program with neither.</summary>
    public static (EnergyCostObjective? Prices, string Source) For(VppProgram program, PlanningHorizon horizon, TimeZoneInfo zone, IReadOnlyList<StoredPrice> market)
    {
        var covering = Enumerable.Range(0, horizon.Intervals)
            .Select(t => market.Where(p => p.StartUtc <= horizon.StartOf(t) && horizon.StartOf(t) < p.EndUtc).MaxBy(p => p.StartUtc))
            .ToList();
        var covered = covering.Count(p => p is not null);
        if (covered == horizon.Intervals)
        {
            var sources = string.Join(", ", covering.Select(p => p!.Source).Distinct(StringComparer.Ordinal));
            return (new EnergyCostObjective([.. covering.Select(p => p!.PricePerKwh)]), $"market '{sources}', received {covering.Max(p => p!.ReceivedUtc).ToString("O", CultureInfo.InvariantCulture)}");
        }

        var partly = covered > 0 ? $" (market prices cover {covered} of {horizon.Intervals} intervals)" : "";
        return program.Tariff is { } tariff
            ? (new EnergyCostObjective(tariff.Tariff.PricesFor(horizon, zone, program.FindHolidays())), $"tariff '{tariff.Tariff.Name}'{partly}")
            : (null, "none" + partly);
    }
}
