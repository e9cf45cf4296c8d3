using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class PvDeratingTests
{
    [Fact]
    public void A_clear_day_peaking_at_half_the_recent_clear_days_is_derated_and_does_not_lower_the_reference()
    {
        var derating = new PvDerating();
        foreach (var peak in new[] { 4.8, 4.9, 4.7 })
        {
            Assert.False(derating.IsDerated(peak, dayClearSkyIndex: 0.97));
        }

        Assert.True(derating.IsDerated(2.35, dayClearSkyIndex: 1.0)); // SERF East, 29 September 2016
        Assert.True(derating.IsDerated(2.35, dayClearSkyIndex: 1.0));
        Assert.False(derating.IsDerated(4.6, dayClearSkyIndex: 0.95));
    }

    [Fact]
    public void A_cloudy_day_is_never_derated_however_little_it_produced()
    {
        var derating = new PvDerating();
        foreach (var peak in new[] { 4.8, 4.9, 4.7 })
        {
            _ = derating.IsDerated(peak, dayClearSkyIndex: 0.97);
        }

        Assert.False(derating.IsDerated(1.1, dayClearSkyIndex: 0.43)); // SERF East, 12 October 2016: heavy cloud
        Assert.False(derating.IsDerated(double.NaN, dayClearSkyIndex: 1.0));
    }

    [Fact]
    public void Without_three_clear_days_to_compare_with_nothing_is_derated()
    {
        var derating = new PvDerating();

        Assert.False(derating.IsDerated(4.8, dayClearSkyIndex: 0.97));
        Assert.False(derating.IsDerated(4.9, dayClearSkyIndex: 0.97));
        Assert.False(derating.IsDerated(1.0, dayClearSkyIndex: 0.97));
    }
}
