using Vpp.Domain.Forecasting;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Benchmarks;

/// <summary>Day-ahead PV backtest on NREL SERF East (PVDAQ system 50) with its NSRDB PSM3 satellite weather.</summary>
public static class PvBacktestBenchmark
{
    public static int Run(string powerPath, string weatherPath, int testDays)
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("mst", TimeSpan.FromHours(-7), "MST", "MST"); // the files' fixed offset
        var resolution = TimeSpan.FromMinutes(15);
        var watts = CsvTimeSeries.Read(powerPath, zone);
        var (power, report) = SeriesRegularizer.Regularize(watts.Select(p => p with { Value = p.Value / 1000 }), resolution, Aggregation.Mean, stuckRunLimit: 8);
        var weather = CsvTimeSeries.ReadColumns(weatherPath, zone, "ghi", "ghi_clear", "temp_air");
        RegularSeries Weather(string name) => SeriesRegularizer.Regularize(weather[name], resolution, Aggregation.Mean, int.MaxValue).Series;

        // Nameplate: the array's highest output in the record (PVDAQ publishes no AC rating for system 50 here).
        var nameplateKw = power.Values.Where(double.IsFinite).Max();
        var result = PvDayAheadBacktest.Run(power, Weather("ghi"), Weather("ghi_clear"), Weather("temp_air"), zone, nameplateKw, testDays);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT nrmse_weather={result.NrmseWeather:0.0000} nrmse_no_weather={result.NrmseNoWeather:0.0000} skill_no_weather={result.SkillNoWeather:0.0000} nrmse_smart_persistence={result.NrmseSmartPersistence:0.0000} nrmse_statistical_clear_sky={result.NrmseStatisticalClearSky:0.0000} skill_statistical_clear_sky={result.SkillStatisticalClearSky:0.0000} coverage80_statistical_clear_sky={result.CoverageStatisticalClearSky:0.000} points={result.Points} nameplate_kw={nameplateKw:0.00} gaps={report.MissingIntervals} stuck={report.StuckValues}"));
        return 0;
    }
}
