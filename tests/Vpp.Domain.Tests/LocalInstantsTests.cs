using Vpp.Domain.Calendar;

namespace Vpp.Domain.Tests;

public sealed class LocalInstantsTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Theory]
    [InlineData("2026-07-14T17:00", "2026-07-15T00:00:00Z")]
    [InlineData("2026-12-14T17:00:30", "2026-12-15T01:00:30Z")]
    [InlineData("2026-07-14T17:00:00-07:00", "2026-07-15T00:00:00Z")]
    [InlineData("2026-11-01T01:30:00-08:00", "2026-11-01T09:30:00Z")]
    public void A_local_time_is_read_in_the_zone_and_an_instant_with_offset_as_it_is(string text, string expected)
    {
        Assert.True(LocalInstants.TryParse(text, LosAngeles, out var instant, out var problem));
        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Theory]
    [InlineData("2027-03-14T02:30", "skip")]
    [InlineData("2026-11-01T01:30", "twice")]
    [InlineData("2026-07-14 17:00", "local date and time")]
    [InlineData("9999-07-14T17:00", "2000-2199")]
    [InlineData(null, "local date and time")]
    public void A_time_the_clocks_skip_or_repeat_or_cannot_be_read_is_refused_saying_why(string? text, string why)
    {
        Assert.False(LocalInstants.TryParse(text, LosAngeles, out _, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
