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
}
