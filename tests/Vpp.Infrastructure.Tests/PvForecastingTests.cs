using System.Globalization;
using Vpp.Domain.Forecasting;
using Vpp.TestSupport.Forecasting;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Infrastructure.Tests;

public sealed class PvForecastingTests
{
    [Fact]
    public void Day_ahead_pv_with_satellite_weather_beats_clear_sky_scaling_which_beats_smart_persistence()
    {
        var result = SerfEast(TimeSpan.FromMinutes(15));

        Assert.True(result.Points > 1000);
        Assert.True(result.NrmseWeather < result.NrmseNoWeather, $"weather {result.NrmseWeather:0.000} vs none {result.NrmseNoWeather:0.000}");
        Assert.True(result.SkillNoWeather > 0, $"skill {result.SkillNoWeather:0.000} against smart persistence");
        Assert.InRange(result.NrmseWeather, 0.0, 0.14);
        Assert.True(result.SkillStatisticalClearSky > 0, $"the product's location-free model: skill {result.SkillStatisticalClearSky:0.000}");
        Assert.InRange(result.CoverageStatisticalClearSky, 0.75, 0.85);
        Assert.Throws<FormatException>(() => CsvTimeSeries.ReadColumns(SharedData.PathOf("pvdaq-pv-telemetry/serf_east_psm3_data.csv"), Mst, "dni"));
    }

    [Fact]
    public void Hourly_weather_forecasts_hourly_pv_within_a_tenth_of_nameplate_and_the_array_geometry_removes_the_seasonal_bias()
    {
        var hourly = SerfEast(TimeSpan.FromHours(1));
        var asIfFlat = SerfEast(TimeSpan.FromHours(1), new PvArray(39.742, -105.1727, tiltDegrees: 0, azimuthDegrees: 180));

        Assert.Equal(1, hourly.DeratedDays); // 29 September 2016: a clear day capped near 2.3 kW
        Assert.InRange(hourly.NrmseWeather, 0.0, 0.10);
        Assert.InRange(hourly.NrmseWeatherAllDays, hourly.NrmseWeather, 0.10);

        // A horizontal array's clear-sky ratio is 1 everywhere: the model loses what the 45° tilt gains as autumn comes.
        Assert.True(hourly.NrmseWeather < asIfFlat.NrmseWeather - 0.01, $"{hourly.NrmseWeather:0.000} with the real tilt, {asIfFlat.NrmseWeather:0.000} as if flat");
    }

    [Fact]
    public void The_products_location_free_model_given_the_weathers_sky_clearness_comes_within_reach_of_the_physical_model()
    {
        var hourly = SerfEast(TimeSpan.FromHours(1));

        // Satellite clearness as the weather forecast: the fleet's own clear-sky envelope, scaled by the sky it was told.
        Assert.True(hourly.NrmseStatisticalSkyClearness < 0.7 * hourly.NrmseStatisticalClearSky,
            $"{hourly.NrmseStatisticalSkyClearness:0.000} with the sky's clearness, {hourly.NrmseStatisticalClearSky:0.000} without");
        Assert.InRange(hourly.NrmseStatisticalSkyClearness, hourly.NrmseWeather, 0.12);
        Assert.InRange(hourly.CoverageStatisticalSkyClearness, 0.7, 0.9);
    }

    [Fact]
    public void Over_ten_months_of_another_record_with_half_hourly_weather_a_healthy_array_is_never_called_derated()
    {
        var power = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("pvdaq-pv-telemetry/system_50_ac_power_2_full_DST.csv"), Mst).Select(p => p with { Value = p.Value / 1000 }), TimeSpan.FromHours(1), Aggregation.Mean, 8).Series;
        var weather = CsvTimeSeries.ReadColumns(SharedData.PathOf("pvdaq-pv-telemetry/system_50_ac_power_2_full_DST_psm3.csv"), Mst, "ghi", "ghi_clear", "dni_clear", "dhi_clear", "temp_air");
        RegularSeries W(string name) => SeriesRegularizer.Regularize(weather[name], TimeSpan.FromHours(1), Aggregation.Mean, int.MaxValue).Series;

        var result = PvDayAheadBacktest.Run(power, new PvWeather(W("ghi"), W("ghi_clear"), W("dni_clear"), W("dhi_clear"), W("temp_air")), SerfEastArray, Mst, nameplateKw: 3.37, testDays: 300);

        Assert.Equal(0, result.DeratedDays);
        Assert.True(result.Points > 3000, $"{result.Points} daylight hours");
        Assert.InRange(result.NrmseWeather, 0.0, 0.10);
        Assert.True(result.SkillNoWeather > 0, $"skill {result.SkillNoWeather:0.000} against smart persistence");
    }

    private static readonly TimeZoneInfo Mst = TimeZoneInfo.CreateCustomTimeZone("mst", TimeSpan.FromHours(-7), "MST", "MST");
    private static readonly PvArray SerfEastArray = new(39.742, -105.1727, tiltDegrees: 45, azimuthDegrees: 158);

    private static PvBacktestResult SerfEast(TimeSpan resolution, PvArray? array = null)
    {
        var power = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("pvdaq-pv-telemetry/serf_east_15min_ac_power.csv"), Mst).Select(p => p with { Value = p.Value / 1000 }), resolution, Aggregation.Mean, 8).Series;
        var weather = CsvTimeSeries.ReadColumns(SharedData.PathOf("pvdaq-pv-telemetry/serf_east_psm3_data.csv"), Mst, "ghi", "ghi_clear", "dni_clear", "dhi_clear", "temp_air");
        RegularSeries W(string name) => SeriesRegularizer.Regularize(weather[name], resolution, Aggregation.Mean, int.MaxValue).Series;
        var pvWeather = new PvWeather(W("ghi"), W("ghi_clear"), W("dni_clear"), W("dhi_clear"), W("temp_air"));
        return PvDayAheadBacktest.Run(power, pvWeather, array ?? SerfEastArray, Mst, nameplateKw: 5.43, testDays: 28);
    }

    [Fact]
    public void The_statistical_clear_sky_forecast_needs_four_days_then_follows_the_arrays_own_day_and_is_dark_at_night()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("mst", TimeSpan.FromHours(-7), "MST", "MST");
        var power = SeriesRegularizer.Regularize(CsvTimeSeries.Read(SharedData.PathOf("pvdaq-pv-telemetry/serf_east_15min_ac_power.csv"), zone).Select(p => p with { Value = p.Value / 1000 }), TimeSpan.FromMinutes(15), Aggregation.Mean, 8).Series;
        RegularSeries Days(int days) => new(power.Start, power.Resolution, power.Values[..(days * 96)]);

        Assert.Null(SolarDayAheadForecaster.Forecast(Days(3), zone, 96));
        var forecast = SolarDayAheadForecaster.Forecast(Days(40), zone, 96)!;

        Assert.StartsWith(SolarDayAheadForecaster.Model, forecast.Model, StringComparison.Ordinal);
        Assert.Equal(96, forecast.Points.Count);
        Assert.Equal(power.TimeAt(40 * 96), forecast.Points[0].Time);
        var night = forecast.Points.Where(p => TimeZoneInfo.ConvertTime(p.Time, zone).Hour is < 4 or > 21).ToList();
        Assert.All(night, p => Assert.Equal(0, p.P90));
        Assert.All(forecast.Points, p => Assert.True(p.P10 >= 0 && p.P10 <= p.P50 && p.P50 <= p.P90, $"{p}"));
        var noon = forecast.Points.Where(p => TimeZoneInfo.ConvertTime(p.Time, zone).Hour is 12).Average(p => p.P50);
        Assert.InRange(noon, 2.0, 5.43 * 1.2); // the 45° array in August
    }
}
