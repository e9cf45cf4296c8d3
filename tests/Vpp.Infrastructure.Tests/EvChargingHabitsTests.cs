using Vpp.Domain.Forecasting;

namespace Vpp.Infrastructure.Tests;

public sealed class EvChargingHabitsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>A real German home's EV charger, its hourly cumulative meter turned into hourly energy drawn.</summary>
    private static List<ChargerInterval> Residential4Charger() =>
        Residential4Meters.HourlyEnergy("DE_KN_residential4_ev").Select(h => new ChargerInterval(h.Time, TimeSpan.FromHours(1), h.Value, null)).ToList();

    [Fact]
    public void A_real_chargers_energy_meter_yields_its_sessions_and_the_hours_its_car_charges()
    {
        var history = Residential4Charger();

        var habits = EvChargingHabits.Learn(history, Berlin);

        Assert.NotNull(habits);
        Assert.False(habits.DepartureObserved); // an energy meter does not see the plug
        Assert.InRange(habits.DaysObserved, 400, 500);
        Assert.True(habits.SessionsObserved >= 50, $"{habits.SessionsObserved} sessions");
        Assert.InRange(habits.MedianSessionKwh, 2, 40);
        // The sessions account for nearly all the energy the meter counted.
        var drawn = history.Sum(i => i.ImportedKwh);
        var inSessions = history.Where(i => i.ImportedKwh >= EvChargingHabits.ChargingThresholdKw).Sum(i => i.ImportedKwh);
        Assert.True(inSessions > 0.9 * drawn, $"{inSessions:0} of {drawn:0} kWh in charging hours");
        // The most likely charging hour is one where the meter drew the most energy.
        var busiest = history.GroupBy(i => TimeZoneInfo.ConvertTime(i.Start, Berlin).Hour).OrderByDescending(g => g.Sum(i => i.ImportedKwh)).Take(3).Select(g => g.Key).ToList();
        var likeliest = Enumerable.Range(0, 24).MaxBy(h => habits.PluggedProbabilityByLocalHour[h]);
        Assert.Contains(likeliest, busiest);
        Assert.All(habits.PluggedProbabilityByLocalHour, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public void A_charger_that_reports_its_plug_learns_arrival_and_departure_in_local_time_across_a_clock_change()
    {
        // A car home at 18:30 and away at 07:15 local, every night from 20 to 31 March 2026 (Berlin springs forward on the 29th).
        var history = new List<ChargerInterval>();
        for (var day = new DateTime(2026, 3, 20); day < new DateTime(2026, 4, 1); day = day.AddDays(1))
        {
            var dayStart = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day, Berlin));
            for (var q = 0; q < 96; q++)
            {
                var start = dayStart.AddMinutes(15 * q);
                var local = TimeZoneInfo.ConvertTime(start, Berlin).TimeOfDay;
                var plugged = local >= new TimeSpan(18, 30, 0) || local < new TimeSpan(7, 15, 0);
                var charging = local >= new TimeSpan(18, 30, 0) && local < new TimeSpan(21, 0, 0);
                history.Add(new ChargerInterval(start, TimeSpan.FromMinutes(15), charging ? 1.8 : 0, plugged ? 1 : 0));
            }
        }

        var habits = EvChargingHabits.Learn(history, Berlin)!;

        Assert.True(habits.DepartureObserved);
        Assert.Equal(new TimeOnly(18, 30), habits.TypicalArrival);
        Assert.Equal(new TimeOnly(7, 15), habits.TypicalDeparture);
        Assert.Equal(1.8 * 10, habits.MedianSessionKwh, 6); // 2.5 hours of 7.2 kW
        Assert.Equal(1, habits.PluggedProbabilityByLocalHour[3]);
        Assert.Equal(0, habits.PluggedProbabilityByLocalHour[12]);
        Assert.Null(EvChargingHabits.Learn(history.Take(96).ToList(), Berlin)); // one night is not a habit
    }
}
