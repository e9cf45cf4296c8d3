using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class SeriesForecastTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Solar_taken_from_consumption_subtracts_medians_and_adds_the_interval_widths_in_quadrature()
    {
        var consumption = new SeriesForecast("load", [new ProbabilisticForecast(Noon, 70, 80, 95)], FollowsWeather: false);
        var solar = new SeriesForecast("solar", [new ProbabilisticForecast(Noon, 20, 50, 90)], FollowsWeather: true);

        var net = consumption.Less(solar, "net");

        var p = Assert.Single(net.Points);
        Assert.Equal(30, p.P50, 9);
        Assert.Equal(30 - Math.Sqrt((10 * 10) + (40 * 40)), p.P10, 9); // low load and high solar together
        Assert.Equal(30 + Math.Sqrt((15 * 15) + (30 * 30)), p.P90, 9); // high load and low solar together
        Assert.Equal("net", net.Model);
        Assert.True(net.FollowsWeather);
    }

    [Fact]
    public void Forecasts_of_different_intervals_cannot_be_subtracted()
    {
        var a = new SeriesForecast("a", [new ProbabilisticForecast(Noon, 1, 2, 3)]);
        var later = new SeriesForecast("b", [new ProbabilisticForecast(Noon.AddHours(1), 1, 2, 3)]);
        var longer = new SeriesForecast("c", [new ProbabilisticForecast(Noon, 1, 2, 3), new ProbabilisticForecast(Noon.AddHours(1), 1, 2, 3)]);

        Assert.Throws<ArgumentException>(() => a.Less(later, "x"));
        Assert.Throws<ArgumentException>(() => a.Less(longer, "x"));
    }
}
