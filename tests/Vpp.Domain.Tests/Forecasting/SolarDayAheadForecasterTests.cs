using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

public sealed class SolarDayAheadForecasterTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_array_that_has_produced_nothing_for_weeks_is_forecast_dark_not_undefined()
    {
        var dead = new RegularSeries(Start, TimeSpan.FromHours(1), new double[30 * 24]);

        var forecast = SolarDayAheadForecaster.Forecast(dead, TimeZoneInfo.Utc, 48)!;

        Assert.All(forecast.Points, p => Assert.Equal((0.0, 0.0, 0.0), (p.P10, p.P50, p.P90)));
    }

    [Fact]
    public void A_clear_sky_array_is_forecast_on_its_own_envelope_with_a_tight_band()
    {
        // Ten kW at noon, a sine from 06:00 to 18:00 UTC, every day the same: the envelope is the day itself.
        static double Clear(int hour) => hour is > 6 and < 18 ? 10 * Math.Sin(Math.PI * (hour - 6) / 12.0) : 0;
        var values = Enumerable.Range(0, 40 * 24).Select(i => Clear(i % 24)).ToArray();
        var history = new RegularSeries(Start, TimeSpan.FromHours(1), values);

        var forecast = SolarDayAheadForecaster.Forecast(history, TimeZoneInfo.Utc, 24)!;

        Assert.Contains("intervals from", forecast.Model, StringComparison.Ordinal);
        for (var hour = 0; hour < 24; hour++)
        {
            var p = forecast.Points[hour];
            Assert.Equal(Clear(hour), p.P50, 6);
            Assert.InRange(p.P90 - p.P10, 0, 1e-6);
        }
    }

    [Fact]
    public void The_weathers_sky_clearness_sets_the_index_where_it_is_forecast_and_the_recent_index_stands_where_it_is_not()
    {
        // Forty days of a 10 kW noon sine, each day's output the day's clearness times that: the sky explains it all.
        const int Days = 40;
        static double Clear(int hour) => hour is > 6 and < 18 ? 10 * Math.Sin(Math.PI * (hour - 6) / 12.0) : 0;
        static double Clearness(int day) => day % 3 == 0 ? 0.3 : 1.0;
        var output = Enumerable.Range(0, Days * 24).Select(i => Clear(i % 24) * Clearness(i / 24)).ToArray();
        var history = new RegularSeries(Start, TimeSpan.FromHours(1), output);
        // Tomorrow (day 40) is forecast overcast until noon; the weather says nothing after.
        var sky = new RegularSeries(Start, TimeSpan.FromHours(1), [.. Enumerable.Range(0, (Days + 1) * 24).Select(i => i / 24 < Days ? Clearness(i / 24) : i % 24 < 12 ? 0.3 : double.NaN)]);

        var withSky = SolarDayAheadForecaster.Forecast(history, TimeZoneInfo.Utc, 24, sky)!;
        var without = SolarDayAheadForecaster.Forecast(history, TimeZoneInfo.Utc, 24)!;

        Assert.Contains("sky clearness", withSky.Model, StringComparison.Ordinal);
        Assert.Equal(0.3 * Clear(9), withSky.Points[9].P50, 3);
        Assert.Equal((1 + 1 + 0.3) / 3 * Clear(15), withSky.Points[15].P50, 3); // days 37 to 39
        Assert.True(without.Points[9].P50 > 0.5 * Clear(9), $"the last three days' index: {without.Points[9].P50:0.00} kW");
    }

    [Fact]
    public void A_sky_that_never_changed_teaches_no_slope_and_the_recent_index_stands()
    {
        static double Clear(int hour) => hour is > 6 and < 18 ? 10 * Math.Sin(Math.PI * (hour - 6) / 12.0) : 0;
        var history = new RegularSeries(Start, TimeSpan.FromHours(1), [.. Enumerable.Range(0, 30 * 24).Select(i => Clear(i % 24))]);
        var sky = new RegularSeries(Start, TimeSpan.FromHours(1), [.. Enumerable.Repeat(1.0, 31 * 24)]);

        var forecast = SolarDayAheadForecaster.Forecast(history, TimeZoneInfo.Utc, 24, sky)!;

        Assert.Contains("sky clearness unused", forecast.Model, StringComparison.Ordinal);
        Assert.Equal(Clear(12), forecast.Points[12].P50, 6);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.25)]
    [InlineData(0.5, 0.929)]
    public void Cloud_cover_becomes_clearness_by_Kasten_and_Czeplak(double cloudCover, double clearness) =>
        Assert.Equal(clearness, SkyClearness.FromCloudCover(cloudCover), 3);
}
