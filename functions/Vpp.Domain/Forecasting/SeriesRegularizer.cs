using Vpp.Domain.Calendar;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// Turns messy history into a regular UTC grid. Every instant is compared in UTC, so DST days (23 or 25 local
/// hours) need no special case: a repeated local hour with its offset is two distinct instants, and the same instant
/// given twice (a replayed export, a DST duplicate written without its offset) is kept once (averaged). Finer data
/// is aggregated (energy sums, temperatures average); an interval is kept only when fully covered. NaN and infinities
/// become gaps, as do sensor readings stuck at one non-zero value for too long.
/// </summary>
public static class SeriesRegularizer
{
    public static (RegularSeries Series, SeriesCleaningReport Report) Regularize(
        IEnumerable<TimeSeriesPoint> points, TimeSpan resolution, Aggregation aggregation, int stuckRunLimit = 24)
    {
        var input = 0;
        var nonFinite = 0;
        var byInstant = new SortedDictionary<DateTimeOffset, (double Sum, int Count)>();
        foreach (var point in points)
        {
            input++;
            if (!double.IsFinite(point.Value))
            {
                nonFinite++;
                continue;
            }

            var utc = point.Time.ToUniversalTime();
            byInstant[utc] = byInstant.TryGetValue(utc, out var existing) ? (existing.Sum + point.Value, existing.Count + 1) : (point.Value, 1);
        }

        var duplicates = byInstant.Values.Sum(v => v.Count - 1);
        if (byInstant.Count == 0)
        {
            return (new RegularSeries(DateTimeOffset.UnixEpoch, resolution, []), new SeriesCleaningReport(input, duplicates, nonFinite, 0, 0, 0));
        }

        var observations = byInstant.Select(kv => new TimeSeriesPoint(kv.Key, kv.Value.Sum / kv.Value.Count)).ToList();
        var step = MedianStep(observations);
        var perInterval = Math.Max(1, (int)Math.Round(resolution / (step < resolution ? step : resolution)));
        var start = UtcIntervals.Floor(observations[0].Time, resolution);
        var count = (int)((UtcIntervals.Floor(observations[^1].Time, resolution) - start) / resolution) + 1;
        var sums = new double[count];
        var counts = new int[count];
        foreach (var (time, value) in observations)
        {
            var i = (int)((time - start) / resolution);
            sums[i] += value;
            counts[i]++;
        }

        var values = new double[count];
        var missing = 0;
        for (var i = 0; i < count; i++)
        {
            if (counts[i] < perInterval)
            {
                values[i] = double.NaN;
                missing++;
            }
            else
            {
                values[i] = aggregation == Aggregation.Sum ? sums[i] * perInterval / counts[i] : sums[i] / counts[i];
            }
        }

        var stuck = MaskStuckRuns(values, stuckRunLimit);
        return (new RegularSeries(start, resolution, values), new SeriesCleaningReport(input, duplicates, nonFinite, stuck, missing, count));
    }

    /// <summary>Runs of one identical non-zero value longer than the limit are a stuck sensor, not a measurement.</summary>
    private static int MaskStuckRuns(double[] values, int limit)
    {
        var masked = 0;
        var runStart = 0;
        for (var i = 1; i <= values.Length; i++)
        {
            if (i < values.Length && values[i] == values[runStart] && !double.IsNaN(values[i]))
            {
                continue;
            }

            if (i - runStart > limit && values[runStart] != 0 && !double.IsNaN(values[runStart]))
            {
                for (var j = runStart; j < i; j++)
                {
                    values[j] = double.NaN;
                }

                masked += i - runStart;
            }

            runStart = i;
        }

        return masked;
    }

    private static TimeSpan MedianStep(List<TimeSeriesPoint> observations)
    {
        if (observations.Count < 2)
        {
            return TimeSpan.FromHours(1);
        }

        var steps = observations.Zip(observations.Skip(1), (a, b) => b.Time - a.Time).Order().ToList();
        return steps[steps.Count / 2];
    }
}
