using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class HouseThermalHabitsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.12, 4.0, 0.3, 2, 21)] // a tight, heavy house in a cold snap
    [InlineData(0.30, 1.5, 0.6, 5, 21)] // a leaky, light one
    [InlineData(0.20, 2.5, 0.4, 30, 24)] // summer: cooling
    public void Two_weeks_of_a_heat_pump_teach_its_houses_heat_loss_and_internal_gains(double lossKwPerC, double storeKwhPerC, double gainsKw, double outdoorMeanC, double setpointC)
    {
        var house = new SimulatedHouse(lossKwPerC, storeKwhPerC, 5, gainsKw);

        var habits = HouseThermalHabits.Learn(house.QuarterHours(Start, 14, outdoorMeanC, setpointC), SimulatedHouse.Cop);

        Assert.NotNull(habits);
        Assert.InRange(habits.LossKwPerC, 0.9 * lossKwPerC, 1.1 * lossKwPerC);
        Assert.InRange(habits.GainsKw, gainsKw - 0.3, gainsKw + 0.3);
    }

    [Fact]
    public void Too_few_hours_or_a_steady_outdoors_teach_nothing()
    {
        var house = new SimulatedHouse(0.2, 2.5, 5, 0.4);
        var quarters = house.QuarterHours(Start, 14, 5, 21);

        Assert.Null(HouseThermalHabits.Learn(quarters.Take(2 * 96).ToList(), SimulatedHouse.Cop));
        Assert.Null(HouseThermalHabits.Learn([.. quarters.Select(q => q with { OutdoorC = 5, IndoorC = 21 })], SimulatedHouse.Cop));
    }
}
