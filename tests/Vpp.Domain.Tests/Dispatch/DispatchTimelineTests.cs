using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class DispatchTimelineTests
{
    [Fact]
    public void A_fast_clock_maps_an_evening_onto_minutes_of_wall_time_and_back()
    {
        var wall = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
        var product = new DateTimeOffset(2026, 7, 14, 23, 50, 0, TimeSpan.Zero);
        var timeline = new DispatchTimeline(wall, product, 60);

        Assert.Equal(wall + TimeSpan.FromSeconds(180), timeline.ToWall(product + TimeSpan.FromHours(3)));
        Assert.Equal(product + TimeSpan.FromHours(3), timeline.ToProduct(wall + TimeSpan.FromSeconds(180)));
    }

    [Fact]
    public void Real_time_is_the_identity()
    {
        var instant = new DateTimeOffset(2026, 12, 3, 14, 17, 25, TimeSpan.Zero);

        Assert.Equal(instant, DispatchTimeline.RealTime.ToWall(instant));
        Assert.Equal(instant, DispatchTimeline.RealTime.ToProduct(instant));
    }
}
