using System.Globalization;
using Vpp.Domain.Forecasting;
using Vpp.TestSupport.Forecasting;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Benchmarks;

/// <summary>
/// Day-ahead PV backtest on NREL SERF East (PVDAQ system 50) with its NSRDB PSM3 satellite weather. Scored at the
/// requested resolution (hourly by default: the weather file is hourly satellite data interpolated to 15 minutes, so
/// it cannot place a cloud inside its hour) and, beside it, at the meter's 15 minutes.
/// </summary>
public static class PvBacktestBenchmark
{
    /// <summary>SERF East's array as pvanalytics documents it: 39.742 N, 105.1727 W, fixed tilt 45°, azimuth 158°.</summary>
    public const string SerfEastArray = "39.742,-105.1727,45,158";

    public static int Run(string powerPath, string weatherPath, string arrayText, TimeSpan resolution, int testDays)
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("mst", TimeSpan.FromHours(-7), "MST", "MST"); // the files' fixed offset
        var meter = TimeSpan.FromMinutes(15);
        var kilowatts = CsvTimeSeries.Read(powerPath, zone).Select(p => p with { Value = p.Value / 1000 }).ToList();
        var weather = CsvTimeSeries.ReadColumns(weatherPath, zone, "ghi", "ghi_clear", "dni_clear", "dhi_clear", "temp_air");
        var array = ParseArray(arrayText);

        // Nameplate: the array's highest 15-minute output in the record (PVDAQ publishes no AC rating for system 50
        // here); the same at every scoring resolution, as a rating would be.
        var (atMeter, report) = SeriesRegularizer.Regularize(kilowatts, meter, Aggregation.Mean, stuckRunLimit: 8);
        var nameplateKw = atMeter.Values.Where(double.IsFinite).Max();
        PvBacktestResult Score(TimeSpan step)
        {
            RegularSeries Weather(string name) => SeriesRegularizer.Regularize(weather[name], step, Aggregation.Mean, int.MaxValue).Series;
            var power = step == meter ? atMeter : SeriesRegularizer.Regularize(kilowatts, step, Aggregation.Mean, stuckRunLimit: 8).Series;
            var pvWeather = new PvWeather(Weather("ghi"), Weather("ghi_clear"), Weather("dni_clear"), Weather("dhi_clear"), Weather("temp_air"));
            return PvDayAheadBacktest.Run(power, pvWeather, array, zone, nameplateKw, testDays);
        }

        var result = Score(resolution);
        var quarterHourly = resolution == meter ? result : Score(meter);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT nrmse_weather={result.NrmseWeather:0.0000} nrmse_no_weather={result.NrmseNoWeather:0.0000} skill_no_weather={result.SkillNoWeather:0.0000} resolution_minutes={resolution.TotalMinutes:0} nrmse_weather_all_days={result.NrmseWeatherAllDays:0.0000} derated_days={result.DeratedDays} nrmse_weather_15min={quarterHourly.NrmseWeather:0.0000} nrmse_weather_15min_all_days={quarterHourly.NrmseWeatherAllDays:0.0000} nrmse_smart_persistence={result.NrmseSmartPersistence:0.0000} nrmse_statistical_clear_sky={result.NrmseStatisticalClearSky:0.0000} skill_statistical_clear_sky={result.SkillStatisticalClearSky:0.0000} coverage80_statistical_clear_sky={result.CoverageStatisticalClearSky:0.000} nrmse_statistical_sky_clearness={result.NrmseStatisticalSkyClearness:0.0000} coverage80_statistical_sky_clearness={result.CoverageStatisticalSkyClearness:0.000} points={result.Points} nameplate_kw={nameplateKw:0.00} gaps={report.MissingIntervals} stuck={report.StuckValues}"));
        return 0;
    }

    private static PvArray ParseArray(string text)
    {
        var parts = text.Split(',').Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        return parts is [var latitude, var longitude, var tilt, var azimuth]
            ? new PvArray(latitude, longitude, tilt, azimuth)
            : throw new ArgumentException($"--array '{text}' must be latitude,longitude,tilt,azimuth in degrees");
    }
}
