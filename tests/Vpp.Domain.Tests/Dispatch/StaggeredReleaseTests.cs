using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class StaggeredReleaseTests
{
    private static readonly DateTimeOffset End = new(2026, 7, 15, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Releases_fall_in_the_window_are_the_same_on_every_retry_and_spread_across_it()
    {
        var window = TimeSpan.FromMinutes(30);
        var releases = Enumerable.Range(0, 2000).Select(i => StaggeredRelease.At($"dev-{i:0000}", "ev-1", End, window)).ToList();

        Assert.All(releases, r => Assert.InRange(r, End, End + window - TimeSpan.FromSeconds(1)));
        Assert.Equal(releases, Enumerable.Range(0, 2000).Select(i => StaggeredRelease.At($"dev-{i:0000}", "ev-1", End, window)));
        // Each sixth of the window gets about a sixth of the fleet.
        Assert.All(releases.GroupBy(r => (int)((r - End) / (window / 6))), g => Assert.InRange(g.Count(), 250, 420));
    }

    [Fact]
    public void No_window_releases_everyone_at_once()
    {
        Assert.Equal(End, StaggeredRelease.At("dev-1", "ev-1", End, TimeSpan.Zero));
    }
}
