using System.Globalization;
using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;
using Vpp.TestSupport.Forecasting;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Benchmarks;

/// <summary>
/// Day-ahead rolling-origin backtest of the load forecaster on a CSV history (and, optionally, its temperature).
/// Exits non-zero when the backtest cannot score anything.
/// </summary>
public static class ForecastBacktestBenchmark
{
    public static int Run(string loadPath, string? temperaturePath, TimeSpan resolution, int testDays, string? timeZone, HolidayCalendar holidays)
    {
        var zone = timeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var loadPoints = CsvTimeSeries.Read(loadPath, zone);
        // Calendar effects follow the file's own local time when it states one fixed offset (e.g. -06:00 all year).
        if (timeZone is null && loadPoints.Select(p => p.Time.Offset).Distinct().ToList() is [var offset] && offset != TimeSpan.Zero)
        {
            zone = TimeZoneInfo.CreateCustomTimeZone("file-offset", offset, "file offset", "file offset");
        }

        var (load, loadReport) = SeriesRegularizer.Regularize(loadPoints, resolution, Aggregation.Sum);
        RegularSeries? temperature = null;
        if (temperaturePath is not null)
        {
            (temperature, _) = SeriesRegularizer.Regularize(CsvTimeSeries.Read(temperaturePath, zone), resolution, Aggregation.Mean, stuckRunLimit: int.MaxValue);
        }

        var result = DayAheadBacktest.Run(load, temperature, zone, holidays, testDays);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT mape={result.Mape:0.00} mase={result.Mase:0.000} naive_mape={result.NaiveMape:0.00} pinball={result.Pinball:0.0000} coverage80={result.Coverage80:0.000} nmae={result.NMae:0.000} persistence_mape={result.PersistenceMape:0.00} points={result.Points} gaps={loadReport.MissingIntervals} stuck={loadReport.StuckValues} duplicates={loadReport.DuplicateInstants}"));
        return result.Points > 0 ? 0 : 1;
    }

    public static TimeSpan ParseResolution(string text) => text switch
    {
        _ when text.EndsWith("min", StringComparison.Ordinal) => TimeSpan.FromMinutes(int.Parse(text[..^3], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('h') => TimeSpan.FromHours(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"resolution '{text}' must look like 1h or 15min"),
    };
}
