using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

public sealed class ScaledTimeProviderTests
{
    private sealed class ManualWall : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void Speed_sixty_plays_an_hour_a_minute()
    {
        var wall = new ManualWall();
        var origin = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ScaledTimeProvider(origin, 60, wall);

        wall.Ticks += TimeSpan.FromMinutes(1).Ticks;

        Assert.Equal(origin.AddHours(1), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(1), clock.ToWallTime(TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(origin, 0));
    }
}
