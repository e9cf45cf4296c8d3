using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class ResidualQuantilesTests
{
    [Fact]
    public void Quantiles_and_scores_come_from_errors_at_the_same_local_hour_and_its_neighbours()
    {
        var errors = new ResidualQuantiles();
        for (var day = 0; day < 20; day++)
        {
            errors.Add(23, day % 2 == 0 ? 1.0 : 3.0); // neighbour of midnight across the day boundary
            errors.Add(0, 2.0);
            errors.Add(12, 100.0); // far away: must not leak into midnight
        }

        var (low, median, high) = errors.Offsets(0);

        Assert.Equal(2.0, median, 9);
        Assert.InRange(low, 1.0, 2.0);
        Assert.InRange(high, 2.0, 3.0);
        Assert.Equal((2.0, 0.5), errors.Centre(0)); // |1-2| or |3-2| on 20 of the 40 errors near midnight
        Assert.Equal((100.0, 0.0), errors.Centre(12));
    }

    [Fact]
    public void Too_few_errors_give_no_interval_and_an_infinite_score_and_non_finite_errors_are_ignored()
    {
        var errors = new ResidualQuantiles();
        for (var i = 0; i < 9; i++)
        {
            errors.Add(5, i);
            errors.Add(5, double.NaN);
        }

        Assert.Equal(9, errors.Count);
        Assert.True(double.IsNaN(errors.Offsets(5).Median));
        Assert.True(double.IsPositiveInfinity(errors.Centre(5).MeanAbsoluteDeviation));
    }

    [Fact]
    public void Only_the_most_recent_window_of_errors_counts()
    {
        var errors = new ResidualQuantiles(windowDays: 1);
        for (var i = 0; i < 24; i++)
        {
            errors.Add(7, 50.0);
        }

        for (var i = 0; i < 24; i++)
        {
            errors.Add(7, -1.0);
        }

        Assert.Equal(24, errors.Count);
        Assert.Equal(-1.0, errors.Offsets(7).Median, 9);
    }
}
