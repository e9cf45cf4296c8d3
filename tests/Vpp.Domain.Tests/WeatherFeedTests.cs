using Vpp.Domain.Weather;

namespace Vpp.Domain.Tests;

public sealed class WeatherFeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 8, 9, 41, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Hour = new(2026, 3, 8, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> FieldsAtFault(params HourlyWeather[] hours) =>
        [.. new WeatherFeed("nws", Now, hours).Validate().Select(e => e.Field)];

    [Fact]
    public void Observations_and_a_forecast_across_a_dst_change_are_valid_whatever_offset_names_the_hour()
    {
        // 2026-03-08 is the US spring-forward day; UTC hours stay whole and distinct through it.
        var hours = Enumerable.Range(-48, 24 * 10).Select(h => new HourlyWeather(Hour.AddHours(h), -5 + (h % 12))).ToList();
        hours[0] = new HourlyWeather(new DateTimeOffset(2026, 3, 6, 14, 30, 0, TimeSpan.FromHours(5.5)), -5); // 09:00Z, named in India's offset

        Assert.Empty(new WeatherFeed("nws forecast BOU/62,60", Now, hours).Validate());
    }

    [Fact]
    public void Each_rule_names_the_hour_and_field_at_fault()
    {
        Assert.Equal(["hours[0].hourStartUtc"], FieldsAtFault(new HourlyWeather(Hour.AddMinutes(15), 5)));
        Assert.Equal(["hours[1].hourStartUtc"], FieldsAtFault(new HourlyWeather(Hour, 5), new HourlyWeather(Hour.ToOffset(TimeSpan.FromHours(-7)), 6)));
        Assert.Equal(["hours[0].temperatureC"], FieldsAtFault(new HourlyWeather(Hour, 140)));
        Assert.Equal(["hours[0].temperatureC"], FieldsAtFault(new HourlyWeather(Hour, double.NaN)));
        Assert.Equal(["hours[0].hourStartUtc"], FieldsAtFault(new HourlyWeather(Hour + WeatherFeed.MaxAhead + TimeSpan.FromHours(1), 5)));
        Assert.Equal(["hours[0].hourStartUtc"], FieldsAtFault(new HourlyWeather(Hour - WeatherFeed.MaxBehind, 5)));
        Assert.Equal(["hours[0].cloudCoverPct"], FieldsAtFault(new HourlyWeather(Hour, 5, 101)));
        Assert.Equal(["hours[0].cloudCoverPct"], FieldsAtFault(new HourlyWeather(Hour, 5, -1)));
        Assert.Empty(FieldsAtFault(new HourlyWeather(Hour, 5, 0), new HourlyWeather(Hour.AddHours(1), 5, 100), new HourlyWeather(Hour.AddHours(2), 5)));
        Assert.Equal(["hours"], FieldsAtFault());
        Assert.Equal(["hours"], FieldsAtFault([.. Enumerable.Range(0, WeatherFeed.MaxHours + 1).Select(h => new HourlyWeather(Hour.AddHours(h - 500), 5))]));
        Assert.Equal(["source"], new WeatherFeed(" ", Now, [new HourlyWeather(Hour, 5)]).Validate().Select(e => e.Field));
    }
}
