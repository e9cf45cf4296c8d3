using Vpp.Domain.Calendar;

namespace Vpp.Domain.Tests;

public sealed class UtcIntervalsTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("2026-07-14T23:41:00+00:00", "2026-07-14T23:40:00Z", "2026-07-14T23:45:00Z")]
    [InlineData("2026-07-14T23:44:59.999+00:00", "2026-07-14T23:40:00Z", "2026-07-14T23:45:00Z")]
    [InlineData("2026-07-14T23:45:00+00:00", "2026-07-14T23:45:00Z", "2026-07-14T23:45:00Z")]
    [InlineData("2026-07-14T16:41:00-07:00", "2026-07-14T23:40:00Z", "2026-07-14T23:45:00Z")]
    public void An_instant_lies_between_the_boundaries_of_its_interval_and_a_boundary_is_both(string instant, string floor, string ceiling)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateTimeOffset.Parse(floor, System.Globalization.CultureInfo.InvariantCulture), UtcIntervals.Floor(at, FiveMinutes));
        Assert.Equal(DateTimeOffset.Parse(ceiling, System.Globalization.CultureInfo.InvariantCulture), UtcIntervals.Ceiling(at, FiveMinutes));
        Assert.Equal(TimeSpan.Zero, UtcIntervals.Ceiling(at, FiveMinutes).Offset);
    }
}
