using Microsoft.Extensions.Time.Testing;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

public sealed class ScaledTimeProviderTests
{
    [Fact]
    public void Speed_sixty_plays_an_hour_a_minute()
    {
        var wall = new FakeTimeProvider();
        var origin = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ScaledTimeProvider(origin, 60, wall);

        wall.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(origin.AddHours(1), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(1), clock.ToWallTime(TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(origin, 0));
    }
}
