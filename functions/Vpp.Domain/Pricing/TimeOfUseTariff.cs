using Vpp.Domain.Calendar;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Pricing;

/// <summary>
/// A time-of-use energy tariff: seasons of local-time price blocks, in the currency's major unit per kWh. A holiday of
/// the program's calendar is priced as a Sunday, as US time-of-use tariffs price holidays as weekend days (PG&amp;E's and
/// SCE's schedules say so; the acnportal format the tariff arrives in has no holidays of its own, so a program on a
/// California utility's tariff names <see cref="HolidayCalendar.CaliforniaIou"/>, whose holidays the tariff's are).
/// </summary>
public sealed record TimeOfUseTariff(string Name, IReadOnlyList<TariffSeason> Seasons)
{
    /// <summary>The price at a local wall-clock time; the first season that applies wins.</summary>
    public decimal PriceAt(DateTime local, HolidayCalendar holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        var dayOfWeek = holidays.IsHoliday(DateOnly.FromDateTime(local)) ? DayOfWeek.Sunday : local.DayOfWeek;
        var season = Seasons.FirstOrDefault(s => s.AppliesTo(local.Month, local.Day, dayOfWeek))
            ?? throw new InvalidOperationException($"Tariff '{Name}' has no season for {local:yyyy-MM-dd} ({local.DayOfWeek}).");
        return season.PriceAt(local.TimeOfDay.TotalHours);
    }

    /// <summary>
    /// The first day of the year (February 29th included) and day of the week that no season covers, which
    /// <see cref="PriceAt"/> could not price; none for a tariff that prices every day.
    /// </summary>
    public (int Month, int Day, DayOfWeek DayOfWeek)? FirstUncoveredDay()
    {
        for (var date = new DateOnly(2028, 1, 1); date.Year == 2028; date = date.AddDays(1))
        {
            foreach (var dayOfWeek in Enum.GetValues<DayOfWeek>())
            {
                if (!Seasons.Any(s => s.AppliesTo(date.Month, date.Day, dayOfWeek)))
                {
                    return (date.Month, date.Day, dayOfWeek);
                }
            }
        }

        return null;
    }

    /// <summary>Price per kWh for each interval of <paramref name="horizon"/>, read at the interval's local start (DST included).</summary>
    public decimal[] PricesFor(PlanningHorizon horizon, TimeZoneInfo zone, HolidayCalendar holidays) =>
        Enumerable.Range(0, horizon.Intervals).Select(t => PriceAt(TimeZoneInfo.ConvertTime(horizon.StartOf(t), zone).DateTime, holidays)).ToArray();
}
