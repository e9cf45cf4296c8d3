namespace Vpp.Domain.Forecasting;

/// <summary>
/// Rooftop PV output forecast from its own history, without the panels' location: a statistical clear-sky model (after
/// Bacher, Madsen and Nielsen, 2009). The clear-sky envelope at each local time of day is a high quantile of the last
/// three weeks' output there; the forecast is the envelope times an expected clear-sky index. Without weather that
/// index is the ratio of output to envelope over the last three days. With a weather forecast of the sky's clearness
/// (global irradiance over its clear-sky value, 0 overcast to 1 clear: <see cref="SkyClearness"/>), the index is a line
/// in the clearness, fitted over the last two weeks of output against the clearness observed then: the fleet's panels
/// answer the sky the weather describes in their own way (orientation, shading, soiling), and the fit learns how.
/// Intervals the weather does not cover keep the three-day index. Quantiles come from the method's own out-of-sample
/// errors over the four weeks before, as fractions of the clear-sky envelope (a cloudy forecast can still meet a sunny
/// day), bounded by darkness and a little above a clear sky. Night is zero, with certainty.
/// </summary>
public static class SolarDayAheadForecaster
{
    public const string Model = "statistical-clear-sky/3";
    private const int EnvelopeDays = 21;
    private const double EnvelopeQuantile = 0.95;
    private const int IndexDays = 3;
    private const int CalibrationDays = 28;
    private const double MaxClearSkyIndex = 1.2;
    private const int SkyFitDays = 14;

    /// <summary>Fewer than this many days of observed output and the caller should use a generic profile instead.</summary>
    public const int MinimumDays = IndexDays + 1;

    /// <summary>
    /// Forecasts <paramref name="intervals"/> intervals of the history's resolution from the history's end; null when
    /// fewer than <see cref="MinimumDays"/> days of output were observed. <paramref name="skyClearness"/>, when given,
    /// is the weather's clearness observed over the history and forecast over the horizon (NaN where unknown).
    /// </summary>
    public static SeriesForecast? Forecast(RegularSeries history, TimeZoneInfo zone, int intervals, RegularSeries? skyClearness = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervals);
        var perDay = (int)Math.Round(TimeSpan.FromDays(1) / history.Resolution);
        if (history.Values.Count(double.IsFinite) < MinimumDays * perDay)
        {
            return null;
        }

        var errors = new List<double>();
        for (var day = 1; day <= CalibrationDays; day++)
        {
            var origin = history.Count - (day * perDay);
            if (origin - (IndexDays * perDay) < 0)
            {
                break;
            }

            // Every slot the envelope says is light, dawn and dusk included: an interval is scored there too.
            var fit = Fit(history, zone, origin, perDay, skyClearness);
            for (var i = origin; i < origin + perDay; i++)
            {
                var clearSky = fit.Envelope[Slot(history.TimeAt(i), zone, history.Resolution)];
                var expected = fit.IndexAt(history.TimeAt(i)) * clearSky;
                if (double.IsFinite(history.Values[i]) && clearSky > 0)
                {
                    errors.Add((history.Values[i] - expected) / clearSky);
                }
            }
        }

        errors.Sort();
        var calibrated = errors.Count >= 20;
        var (low, median, high) = calibrated ? (Quantiles.Of(errors, 0.1), Quantiles.Of(errors, 0.5), Quantiles.Of(errors, 0.9)) : (double.NaN, 0, double.NaN);
        var current = Fit(history, zone, history.Count, perDay, skyClearness);
        var points = Enumerable.Range(0, intervals).Select(k =>
        {
            var instant = history.TimeAt(history.Count + k);
            var clearSky = current.Envelope[Slot(instant, zone, history.Resolution)];
            var expected = current.IndexAt(instant) * clearSky;
            var p50 = Math.Clamp(expected + (median * clearSky), 0, clearSky * MaxClearSkyIndex);

            // Uncalibrated, the honest band is physical: between darkness and a clear sky.
            return calibrated
                ? new ProbabilisticForecast(instant, Math.Clamp(expected + (low * clearSky), 0, p50), p50, Math.Clamp(expected + (high * clearSky), p50, clearSky * MaxClearSkyIndex))
                : new ProbabilisticForecast(instant, 0, p50, clearSky);
        }).ToList();
        var weathered = current.Sky is null ? 0
            : points.Count(p => current.Envelope[Slot(p.Time, zone, history.Resolution)] > 0 && double.IsFinite(skyClearness!.ValueAt(p.Time)));
        var observedDays = history.Values.Count(double.IsFinite) / perDay;
        var sky = current.Sky is { } line
            ? FormattableString.Invariant($"; clear-sky index {line.Intercept:0.###} + {line.Slope:0.###} × the weather's sky clearness ({line.Points} intervals fitted) in {weathered} lit intervals, the last {IndexDays} days' index in the rest")
            : skyClearness is null ? "" : "; the weather's sky clearness unused (too little of it beside the output, or a sky that never changed)";
        return new SeriesForecast($"{Model} ({observedDays} days observed; envelope from {Math.Min(observedDays, EnvelopeDays)} days; intervals from {errors.Count} out-of-sample errors{sky})", points, FollowsWeather: weathered > 0);
    }

    /// <summary>
    /// The clear-sky envelope per local time-of-day slot, the recent clear-sky index, and the index's line in the sky's
    /// clearness, all from the history before <paramref name="origin"/>.
    /// </summary>
    private static SolarFit Fit(RegularSeries history, TimeZoneInfo zone, int origin, int perDay, RegularSeries? skyClearness)
    {
        var slots = new List<double>[perDay];
        for (var s = 0; s < perDay; s++)
        {
            slots[s] = [];
        }

        for (var i = Math.Max(0, origin - (EnvelopeDays * perDay)); i < origin; i++)
        {
            if (double.IsFinite(history.Values[i]))
            {
                slots[Slot(history.TimeAt(i), zone, history.Resolution)].Add(Math.Max(0, history.Values[i]));
            }
        }

        var envelope = slots.Select(values => values.Count == 0 ? 0 : Quantiles.Of([.. values.Order()], EnvelopeQuantile)).ToArray();
        var threshold = 0.1 * envelope.Max();
        double produced = 0, clearSky = 0;
        for (var i = Math.Max(0, origin - (IndexDays * perDay)); i < origin; i++)
        {
            var e = envelope[Slot(history.TimeAt(i), zone, history.Resolution)];
            if (double.IsFinite(history.Values[i]) && e > threshold)
            {
                produced += Math.Max(0, history.Values[i]);
                clearSky += e;
            }
        }

        var index = clearSky > 0 ? Math.Clamp(produced / clearSky, 0, MaxClearSkyIndex) : 1;
        var sky = skyClearness is null ? null : SkyLine.Fit(Enumerable.Range(Math.Max(0, origin - (SkyFitDays * perDay)), Math.Min(origin, SkyFitDays * perDay))
            .Select(i => (Instant: history.TimeAt(i), Output: history.Values[i], Envelope: envelope[Slot(history.TimeAt(i), zone, history.Resolution)]))
            .Where(p => p.Envelope > threshold && double.IsFinite(p.Output))
            .Select(p => (Clearness: skyClearness.ValueAt(p.Instant), Index: Math.Max(0, p.Output) / p.Envelope, Weight: p.Envelope * p.Envelope)), perDay);
        return new SolarFit(envelope, index, sky, skyClearness);
    }

    private static int Slot(DateTimeOffset instant, TimeZoneInfo zone, TimeSpan resolution) =>
        (int)(TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay / resolution) % (int)Math.Round(TimeSpan.FromDays(1) / resolution);

    /// <summary>An envelope and the clear-sky index expected at each instant: the sky's line where the weather says, else the recent index.</summary>
    private sealed record SolarFit(double[] Envelope, double Index, SkyLine? Sky, RegularSeries? SkyClearness)
    {
        public double IndexAt(DateTimeOffset instant) =>
            Sky is { } line && SkyClearness!.ValueAt(instant) is var clearness && double.IsFinite(clearness)
                ? Math.Clamp(line.Intercept + (line.Slope * clearness), 0, MaxClearSkyIndex)
                : Index;
    }

    /// <summary>The clear-sky index as a line in the sky's clearness, least squares weighted by the envelope squared (errors in kW).</summary>
    private sealed record SkyLine(double Intercept, double Slope, int Points)
    {
        public static SkyLine? Fit(IEnumerable<(double Clearness, double Index, double Weight)> pairs, int perDay)
        {
            double w = 0, wx = 0, wy = 0, wxx = 0, wxy = 0;
            var n = 0;
            foreach (var (x, y, weight) in pairs)
            {
                if (!double.IsFinite(x))
                {
                    continue;
                }

                (w, wx, wy, wxx, wxy, n) = (w + weight, wx + (weight * x), wy + (weight * y), wxx + (weight * x * x), wxy + (weight * x * y), n + 1);
            }

            // About a day's daylight of intervals, and a sky that changed: a slope needs both.
            if (n < perDay / 2 || w <= 0)
            {
                return null;
            }

            var (meanX, meanY) = (wx / w, wy / w);
            var varianceX = (wxx / w) - (meanX * meanX);
            if (varianceX < 1e-3)
            {
                return null;
            }

            var slope = ((wxy / w) - (meanX * meanY)) / varianceX;
            return new SkyLine(meanY - (slope * meanX), slope, n);
        }
    }
}
