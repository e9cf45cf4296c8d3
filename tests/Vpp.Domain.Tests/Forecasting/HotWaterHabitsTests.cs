using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class HotWaterHabitsTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public void Two_weeks_of_a_tank_teach_its_households_daily_draw_and_when_it_showers()
    {
        var history = SimulatedTank.QuarterHours(new DateTime(2026, 10, 20), 14, LosAngeles, SimulatedTank.Household);

        var habits = HotWaterHabits.Learn(history, LosAngeles, ThermalParameters.TypicalTank);

        Assert.NotNull(habits);
        Assert.InRange(habits.DaysObserved, 14, 15);
        Assert.InRange(habits.DailyDrawKwh, 0.9 * SimulatedTank.HouseholdDailyKwh, 1.1 * SimulatedTank.HouseholdDailyKwh);
        Assert.InRange(habits.DrawKwByLocalHour[6], 3.0, 5.0);
        Assert.InRange(habits.DrawKwByLocalHour[7], 1.2, 2.8); // half an hour of showers
        Assert.InRange(habits.DrawKwByLocalHour[20], 1.0, 2.0);
        Assert.All(new[] { 1, 2, 3, 11, 14, 23 }, h => Assert.InRange(habits.DrawKwByLocalHour[h], 0, 0.4));
    }

    [Fact]
    public void Across_the_autumn_clock_change_hours_stay_local_and_a_short_or_patchy_history_teaches_nothing()
    {
        var history = SimulatedTank.QuarterHours(new DateTime(2026, 10, 26), 14, LosAngeles, SimulatedTank.Household); // 1 November 2026 has 25 hours here

        var habits = HotWaterHabits.Learn(history, LosAngeles, ThermalParameters.TypicalTank);
        var twoDays = HotWaterHabits.Learn(history.Take(2 * 96).ToList(), LosAngeles, ThermalParameters.TypicalTank);
        var everyOther = HotWaterHabits.Learn(history.Where((_, i) => i % 2 == 0).ToList(), LosAngeles, ThermalParameters.TypicalTank);

        Assert.NotNull(habits);
        Assert.InRange(habits.DrawKwByLocalHour[6], 3.0, 5.0);
        Assert.InRange(habits.DrawKwByLocalHour[5], 0, 0.4);
        Assert.Null(twoDays);
        Assert.Null(everyOther); // no interval has both neighbours: the tank's change cannot be told
    }
}
