using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;

namespace Vpp.TestSupport.Forecasting;

/// <summary>
/// Rolling-origin day-ahead backtest of rooftop PV output. With weather: AC power regressed on GHI, clear-sky GHI and
/// the neighbouring intervals' GHI per local hour (the hour terms absorb the array's shape and let the fit align
/// resampled irradiance with the meter), on GHI × air temperature (hot modules produce less), and on GHI transposed
/// to the panels by the clear-sky plane-of-array ratio (a steep array gains on a flat one as the sun drops through the
/// season, which hour terms fitted on summer cannot know), the weather file serving as the weather forecast. Without
/// weather: the clear-sky fit scaled by the last three days' clear-sky index, against smart persistence (yesterday's
/// output rescaled by the clear-sky ratio). Days the array was derated train neither regression and are scored apart.
/// </summary>
public static class PvDayAheadBacktest
{
    private const int Parameters = (24 * 4) + 3;
    private const int HistoryDays = 14;

    public static PvBacktestResult Run(RegularSeries powerKw, PvWeather weatherFile, PvArray array, TimeZoneInfo zone, double nameplateKw, int testDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nameplateKw);
        ArgumentOutOfRangeException.ThrowIfLessThan(testDays, 1);
        var (ghi, ghiClear, airTemperatureC) = (weatherFile.GhiWm2, weatherFile.GhiClearWm2, weatherFile.AirTemperatureC);
        var lastDay = TimeZoneInfo.ConvertTime(powerKw.TimeAt(powerKw.Count - 1), zone).Date;
        var firstTestDay = lastDay.AddDays(-testDays);
        var weather = new NormalEquations(Parameters);
        var clearSky = new NormalEquations(Parameters);
        var row = new double[Parameters];
        var clearRow = new double[Parameters];
        var errors = new List<(double Weather, double NoWeather, double Persistence, double Statistical, bool Inside, double StatisticalSky, bool InsideSky, bool Derated)>();
        var skyClearness = new RegularSeries(ghi.Start, ghi.Resolution, [.. ghi.Values.Select((g, i) => SkyClearness.FromIrradiance(g, ghiClear.ValueAt(ghi.TimeAt(i))))]);
        var dailyIndex = new List<double>();
        var daysSeen = 0;
        var derating = new PvDerating();
        var deratedDays = 0;

        var day = TimeZoneInfo.ConvertTime(powerKw.TimeAt(0), zone).Date.AddDays(1);
        for (; day < lastDay; day = day.AddDays(1))
        {
            var from = powerKw.IndexOf(LocalDays.StartUtc(day, zone));
            var to = powerKw.IndexOf(LocalDays.StartUtc(day.AddDays(1), zone));
            if (from < 0 || to < 0)
            {
                continue;
            }

            var derated = derating.IsDerated(DayPeakKw(from, to), DayClearSkyIndex(from, to));
            var scored = day >= firstTestDay && daysSeen >= HistoryDays;
            deratedDays += derated && scored ? 1 : 0;
            if (scored)
            {
                var betaWeather = weather.Solve();
                var betaClear = clearSky.Solve();
                var k = dailyIndex.Count == 0 ? 1 : dailyIndex.TakeLast(3).Average();
                var past = new RegularSeries(powerKw.Start, powerKw.Resolution, powerKw.Values[..from]);
                var statistical = SolarDayAheadForecaster.Forecast(past, zone, to - from)?.Points;
                var statisticalSky = SolarDayAheadForecaster.Forecast(past, zone, to - from, skyClearness)?.Points;
                for (var i = from; i < to; i++)
                {
                    var t = powerKw.TimeAt(i);
                    var actual = powerKw.Values[i];
                    if (!Fill(row, clearRow, t) || !double.IsFinite(actual) || ghiClear.ValueAt(t) <= 0)
                    {
                        continue;
                    }

                    var withWeather = Math.Clamp(LinearModel.Predict(betaWeather, row), 0, nameplateKw);
                    var noWeather = Math.Clamp(k * LinearModel.Predict(betaClear, clearRow), 0, nameplateKw);
                    var yesterday = powerKw.ValueAt(t.AddDays(-1));
                    var ratio = ghiClear.ValueAt(t.AddDays(-1)) is var c and > 10 ? ghiClear.ValueAt(t) / c : 1;
                    var persistence = double.IsFinite(yesterday) ? Math.Clamp(yesterday * ratio, 0, nameplateKw) : 0;
                    var live = statistical?[i - from] ?? new ProbabilisticForecast(t, 0, 0, 0);
                    var liveSky = statisticalSky?[i - from] ?? new ProbabilisticForecast(t, 0, 0, 0);
                    errors.Add((withWeather - actual, noWeather - actual, persistence - actual, live.P50 - actual, live.Covers(actual), liveSky.P50 - actual, liveSky.Covers(actual), derated));
                }
            }

            // The day is over: its actuals train both models (unless the array was derated) and give the day's clear-sky index.
            var betaForIndex = clearSky.Rows > 0 ? clearSky.Solve() : null;
            double actualSum = 0, clearSum = 0;
            for (var i = from; i < to; i++)
            {
                var t = powerKw.TimeAt(i);
                var actual = powerKw.Values[i];
                if (!Fill(row, clearRow, t) || !double.IsFinite(actual))
                {
                    continue;
                }

                if (!derated)
                {
                    weather.Add(row, actual);
                    clearSky.Add(clearRow, actual);
                }

                if (betaForIndex is not null)
                {
                    actualSum += Math.Max(0, actual);
                    clearSum += Math.Max(0, LinearModel.Predict(betaForIndex, clearRow));
                }
            }

            daysSeen++;
            if (clearSum > 0)
            {
                dailyIndex.Add(Math.Clamp(actualSum / clearSum, 0, 1.5));
            }
        }

        var healthy = errors.Where(e => !e.Derated).ToList();
        if (healthy.Count == 0)
        {
            throw new InvalidOperationException("No daylight test interval could be scored.");
        }

        static double Rmse(IEnumerable<double> e) => Math.Sqrt(e.Average(x => x * x));
        var rmseWeatherAllDays = Rmse(errors.Select(e => e.Weather));
        errors = healthy;
        var rmseWeather = Rmse(errors.Select(e => e.Weather));
        var rmseNoWeather = Rmse(errors.Select(e => e.NoWeather));
        var rmsePersistence = Rmse(errors.Select(e => e.Persistence));
        var rmseStatistical = Rmse(errors.Select(e => e.Statistical));
        var rmseStatisticalSky = Rmse(errors.Select(e => e.StatisticalSky));
        return new PvBacktestResult(
            errors.Count,
            rmseWeather / nameplateKw,
            rmseNoWeather / nameplateKw,
            rmsePersistence / nameplateKw,
            1 - (rmseNoWeather / rmsePersistence),
            rmseStatistical / nameplateKw,
            1 - (rmseStatistical / rmsePersistence),
            errors.Count(e => e.Inside) / (double)errors.Count,
            rmseWeatherAllDays / nameplateKw,
            deratedDays,
            rmseStatisticalSky / nameplateKw,
            errors.Count(e => e.InsideSky) / (double)errors.Count);

        double DayPeakKw(int from, int to) => powerKw.Values[from..to].Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();

        double DayClearSkyIndex(int from, int to)
        {
            double sum = 0, clear = 0;
            for (var i = from; i < to; i++)
            {
                var t = powerKw.TimeAt(i);
                if (ghi.ValueAt(t) is var g && ghiClear.ValueAt(t) is var gc && double.IsFinite(g) && double.IsFinite(gc))
                {
                    (sum, clear) = (sum + g, clear + gc);
                }
            }

            return clear > 0 ? sum / clear : double.NaN;
        }

        bool Fill(double[] weatherRow, double[] clearSkyRow, DateTimeOffset t)
        {
            var g = ghi.ValueAt(t) / 1000;
            var gc = ghiClear.ValueAt(t) / 1000;
            var temperature = airTemperatureC.ValueAt(t);
            if (!double.IsFinite(g) || !double.IsFinite(gc) || !double.IsFinite(temperature))
            {
                return false;
            }

            // Satellite irradiance is resampled and need not align with the meter's intervals: neighbours let the fit align it.
            var before = ghi.ValueAt(t - ghi.Resolution) / 1000;
            var after = ghi.ValueAt(t + ghi.Resolution) / 1000;
            var middle = t + (powerKw.Resolution / 2);
            var planeOfArrayClear = array.ClearSkyPlaneOfArrayWm2(middle, weatherFile.DniClearWm2.ValueAt(t), weatherFile.DhiClearWm2.ValueAt(t), ghiClear.ValueAt(t)) / 1000;
            if (!double.IsFinite(planeOfArrayClear))
            {
                return false;
            }

            Array.Clear(weatherRow);
            Array.Clear(clearSkyRow);
            var hour = TimeZoneInfo.ConvertTime(t, zone).Hour;
            weatherRow[hour * 4] = g;
            weatherRow[(hour * 4) + 1] = gc;
            weatherRow[(hour * 4) + 2] = double.IsFinite(before) ? before : g;
            weatherRow[(hour * 4) + 3] = double.IsFinite(after) ? after : g;
            weatherRow[96] = g * (temperature - 25);

            // Below a sliver of clear sky the ratio is all noise (dawn, dusk).
            weatherRow[97] = gc > 0.02 ? g * planeOfArrayClear / gc : 0;
            weatherRow[98] = planeOfArrayClear;
            clearSkyRow[hour * 2] = gc;
            clearSkyRow[(hour * 2) + 1] = gc * gc;
            return true;
        }
    }
}
