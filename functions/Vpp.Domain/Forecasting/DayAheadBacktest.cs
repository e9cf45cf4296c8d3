namespace Vpp.Domain.Forecasting;

/// <summary>
/// Rolling-origin day-ahead backtest. Every local day of the test period is forecast at its local midnight from a model
/// fitted on everything before it; errors on the calibration days before the test period (and then on every test day
/// once its actuals are in) feed the prediction intervals. Temperature, when given, is used as observed (an
/// ex-post weather forecast).
/// </summary>
public static class DayAheadBacktest
{
    public static BacktestResult Run(RegularSeries load, RegularSeries? temperature, TimeZoneInfo zone, int testDays, int calibrationDays = 28)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(testDays, 1);
        double Temperature(DateTimeOffset t) => temperature?.ValueAt(t) ?? double.NaN;
        double Load(DateTimeOffset t) => load.ValueAt(t);

        // The test period ends where both histories still have data.
        var lastInstant = load.TimeAt(load.Count - 1);
        if (temperature is { Count: > 0 } && temperature.TimeAt(temperature.Count - 1) < lastInstant)
        {
            lastInstant = temperature.TimeAt(temperature.Count - 1);
        }

        var lastLocalDay = TimeZoneInfo.ConvertTime(lastInstant, zone).Date;
        var firstTestDay = lastLocalDay.AddDays(-testDays);
        var firstCalibrationDay = firstTestDay.AddDays(-calibrationDays);
        var firstDayStart = LinearModel.LocalMidnightUtc(firstCalibrationDay, zone);

        // Temperature statistics from training history only: nothing about the test period leaks into the model.
        var trainingTemperatures = temperature?.Values.Take(Math.Max(0, temperature.IndexOf(firstDayStart))).Where(double.IsFinite).ToArray() ?? [];
        var withTemperature = trainingTemperatures.Length > 0;
        var mean = withTemperature ? trainingTemperatures.Average() : 0;
        var scale = withTemperature ? Math.Max(1e-6, Math.Sqrt(trainingTemperatures.Average(v => (v - mean) * (v - mean)))) : 1;
        var features = new LoadFeatures(zone, load.Start, withTemperature, mean, scale,
            withTemperature ? trainingTemperatures.Min() : 0, withTemperature ? trainingTemperatures.Max() : 0);
        var fallbackLoad = load.Values.Take(Math.Max(1, load.IndexOf(firstDayStart))).Where(double.IsFinite).DefaultIfEmpty(0).Average();
        if (load.IndexOf(firstDayStart) < 24 * 14)
        {
            throw new ArgumentException($"Need at least two weeks of history before the {calibrationDays} calibration and {testDays} test days.");
        }

        var equations = new NormalEquations(features.Count);
        var row = new double[features.Count];
        for (var i = 0; i < load.IndexOf(firstDayStart); i++)
        {
            AddRow(i);
        }

        var residuals = new ResidualQuantiles();
        var scored = new List<(double Actual, ProbabilisticForecast Forecast, double Naive, double Persistence)>();
        for (var day = firstCalibrationDay; day < lastLocalDay; day = day.AddDays(1))
        {
            var beta = equations.Solve();
            var from = load.IndexOf(LinearModel.LocalMidnightUtc(day, zone));
            var to = load.IndexOf(LinearModel.LocalMidnightUtc(day.AddDays(1), zone));
            if (from < 0 || to < 0)
            {
                continue;
            }

            for (var i = from; i < to; i++)
            {
                var instant = load.TimeAt(i);
                if (!features.TryFill(row, instant, Temperature, Load, fallbackLoad))
                {
                    continue;
                }

                var fitted = LinearModel.Predict(beta, row);
                var actual = load.Values[i];
                var hour = TimeZoneInfo.ConvertTime(instant, zone).Hour;
                if (day >= firstTestDay && double.IsFinite(actual))
                {
                    var (low, median, high) = residuals.Offsets(hour);
                    var forecast = new ProbabilisticForecast(instant, Math.Max(0, fitted + low), Math.Max(0, fitted + median), fitted + high);
                    scored.Add((actual, forecast, Load(instant.AddDays(-7)), Load(instant.AddDays(-1))));
                }
            }

            // The day's actuals arrive: its errors calibrate the next intervals, its rows join the training set.
            for (var i = from; i < to; i++)
            {
                var instant = load.TimeAt(i);
                if (features.TryFill(row, instant, Temperature, Load, fallbackLoad))
                {
                    residuals.Add(TimeZoneInfo.ConvertTime(instant, zone).Hour, load.Values[i] - LinearModel.Predict(beta, row));
                }

                AddRow(i);
            }
        }

        return Score(scored);

        void AddRow(int i)
        {
            var y = load.Values[i];
            if (double.IsFinite(y) && features.TryFill(row, load.TimeAt(i), Temperature, Load, fallbackLoad))
            {
                equations.Add(row, y);
            }
        }
    }

    private static BacktestResult Score(List<(double Actual, ProbabilisticForecast Forecast, double Naive, double Persistence)> scored)
    {
        var usable = scored.Where(s => double.IsFinite(s.Naive) && double.IsFinite(s.Persistence) && double.IsFinite(s.Forecast.P10)).ToList();
        if (usable.Count == 0)
        {
            throw new InvalidOperationException("No test interval had an actual, a forecast and a seasonal-naive value.");
        }

        static double Ape(double actual, double forecast) => Math.Abs(actual - forecast) / Math.Abs(actual);
        var nonZero = usable.Where(s => Math.Abs(s.Actual) > 1e-9).ToList();
        var mae = usable.Average(s => Math.Abs(s.Actual - s.Forecast.P50));
        var naiveMae = usable.Average(s => Math.Abs(s.Actual - s.Naive));
        static double Pinball(double actual, double quantile, double q) => Math.Max(q * (actual - quantile), (q - 1) * (actual - quantile));
        return new BacktestResult(
            usable.Count,
            nonZero.Average(s => Ape(s.Actual, s.Forecast.P50)) * 100,
            mae / usable.Average(s => Math.Abs(s.Actual)),
            mae / naiveMae,
            nonZero.Average(s => Ape(s.Actual, s.Naive)) * 100,
            nonZero.Average(s => Ape(s.Actual, s.Persistence)) * 100,
            usable.Average(s => (Pinball(s.Actual, s.Forecast.P10, 0.1) + Pinball(s.Actual, s.Forecast.P50, 0.5) + Pinball(s.Actual, s.Forecast.P90, 0.9)) / 3),
            usable.Count(s => s.Actual >= s.Forecast.P10 && s.Actual <= s.Forecast.P90) / (double)usable.Count);
    }
}
