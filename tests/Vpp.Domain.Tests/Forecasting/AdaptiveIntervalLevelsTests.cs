using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class AdaptiveIntervalLevelsTests
{
    [Theory]
    [InlineData(0.7)] // too confident: needs its 4 % and 96 % quantiles
    [InlineData(2.0)] // twice too cautious: needs its 25 % and 75 % quantiles
    public void Levels_move_until_the_interval_covers_eighty_percent_whatever_the_model_believes(double believedScale)
    {
        var neededLowLevel = 1 / (1 + Math.Pow(9, 1 / believedScale));
        // Actuals are logistic(0, 1); the model believes logistic(0, believedScale) and issues its quantiles at the levels.
        var levels = new AdaptiveIntervalLevels(stepPerDay: 0.1, pointsPerDay: 24);
        var random = new Random(7);
        var covered = 0;
        const int Scored = 20_000;
        for (var i = 0; i < 2 * Scored; i++)
        {
            var actual = Logit(random.NextDouble());
            var low = believedScale * Logit(levels.Low);
            var high = believedScale * Logit(levels.High);
            covered += i >= Scored && actual >= low && actual <= high ? 1 : 0;
            levels.Observe(actual, low, high);
        }

        Assert.InRange(covered / (double)Scored, 0.78, 0.82);
        Assert.InRange(levels.Low, neededLowLevel * 0.5, neededLowLevel * 1.5);
        Assert.InRange(1 - levels.High, neededLowLevel * 0.5, neededLowLevel * 1.5);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(96)]
    public void A_day_of_misses_above_moves_the_upper_level_as_far_at_any_resolution_and_leaves_the_lower_one_alone_but_for_its_hits(int pointsPerDay)
    {
        var levels = new AdaptiveIntervalLevels(stepPerDay: 0.1, pointsPerDay);

        for (var i = 0; i < pointsPerDay; i++)
        {
            levels.Observe(actual: 10, low: 1, high: 2);
        }

        Assert.Equal(0.9 + (0.1 * 0.9), levels.High, 9);
        Assert.Equal(0.1 + (0.1 * 0.1), levels.Low, 9); // every actual was above the lower bound: a hit for that tail
    }

    [Fact]
    public void Intervals_that_were_not_issued_and_missing_actuals_teach_nothing_and_levels_stay_on_their_side_of_the_median()
    {
        var levels = new AdaptiveIntervalLevels(stepPerDay: 10, pointsPerDay: 1);

        levels.Observe(double.NaN, 1, 2);
        levels.Observe(1.5, double.NaN, 2);
        Assert.Equal((0.1, 0.9), (levels.Low, levels.High));

        levels.Observe(actual: 1.5, low: 1, high: 2); // a hit on both tails with a huge step: the interval narrows to the median
        Assert.Equal((0.5, 0.5), (levels.Low, levels.High));
        levels.Observe(actual: 0, low: 1, high: 2);
        levels.Observe(actual: 0, low: 1, high: 2);
        Assert.Equal(0.0, levels.Low);
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
