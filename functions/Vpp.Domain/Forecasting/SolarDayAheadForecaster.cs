namespace Vpp.Domain.Forecasting;

/// <summary>
/// Rooftop PV output forecast from its own history, with neither weather nor the panels' location: a statistical
/// clear-sky model (after Bacher, Madsen and Nielsen, 2009). The clear-sky envelope at each local time of day is a high
/// quantile of the last three weeks' output there; the expected clear-sky index is the ratio of output to envelope
/// over the last three days; the forecast is their product. Its quantiles come from the method's own out-of-sample
/// errors over the four weeks before, as fractions of the clear-sky envelope (a cloudy forecast can still meet a sunny
/// day), bounded by darkness and a little above a clear sky. Night is zero, with certainty.
/// </summary>
public static class SolarDayAheadForecaster
{
    public const string Model = "statistical-clear-sky/2";
    private const int EnvelopeDays = 21;
    private const double EnvelopeQuantile = 0.95;
    private const int IndexDays = 3;
    private const int CalibrationDays = 28;
    private const double MaxClearSkyIndex = 1.2;

    /// <summary>Fewer than this many days of observed output and the caller should use a generic profile instead.</summary>
    public const int MinimumDays = IndexDays + 1;

    /// <summary>
    /// Forecasts <paramref name="intervals"/> intervals of the history's resolution from the history's end; null when
    /// fewer than <see cref="MinimumDays"/> days of output were observed.
    /// </summary>
    public static SeriesForecast? Forecast(RegularSeries history, TimeZoneInfo zone, int intervals)
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
            var (envelope, index) = Fit(history, zone, origin, perDay);
            for (var i = origin; i < origin + perDay; i++)
            {
                var clearSky = envelope[Slot(history.TimeAt(i), zone, history.Resolution)];
                var expected = index * clearSky;
                if (double.IsFinite(history.Values[i]) && clearSky > 0)
                {
                    errors.Add((history.Values[i] - expected) / clearSky);
                }
            }
        }

        errors.Sort();
        var calibrated = errors.Count >= 20;
        var (low, median, high) = calibrated ? (Quantiles.Of(errors, 0.1), Quantiles.Of(errors, 0.5), Quantiles.Of(errors, 0.9)) : (double.NaN, 0, double.NaN);
        var (currentEnvelope, currentIndex) = Fit(history, zone, history.Count, perDay);
        var points = Enumerable.Range(0, intervals).Select(k =>
        {
            var instant = history.TimeAt(history.Count + k);
            var clearSky = currentEnvelope[Slot(instant, zone, history.Resolution)];
            var expected = currentIndex * clearSky;
            var p50 = Math.Clamp(expected + (median * clearSky), 0, clearSky * MaxClearSkyIndex);

            // Uncalibrated, the honest band is physical: between darkness and a clear sky.
            return calibrated
                ? new ProbabilisticForecast(instant, Math.Clamp(expected + (low * clearSky), 0, p50), p50, Math.Clamp(expected + (high * clearSky), p50, clearSky * MaxClearSkyIndex))
                : new ProbabilisticForecast(instant, 0, p50, clearSky);
        }).ToList();
        var observedDays = history.Values.Count(double.IsFinite) / perDay;
        return new SeriesForecast($"{Model} ({observedDays} days observed; envelope from {Math.Min(observedDays, EnvelopeDays)} days; intervals from {errors.Count} out-of-sample errors)", points);
    }

    /// <summary>The clear-sky envelope per local time-of-day slot and the clear-sky index, from the history before <paramref name="origin"/>.</summary>
    private static (double[] Envelope, double Index) Fit(RegularSeries history, TimeZoneInfo zone, int origin, int perDay)
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

        return (envelope, clearSky > 0 ? Math.Clamp(produced / clearSky, 0, MaxClearSkyIndex) : 1);
    }

    private static int Slot(DateTimeOffset instant, TimeZoneInfo zone, TimeSpan resolution) =>
        (int)(TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay / resolution) % (int)Math.Round(TimeSpan.FromDays(1) / resolution);
}
