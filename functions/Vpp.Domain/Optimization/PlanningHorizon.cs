namespace Vpp.Domain.Optimization;

/// <summary>The intervals a plan covers: a UTC start and a whole number of equal intervals (96 × 15 minutes for a day).</summary>
public sealed record PlanningHorizon(DateTimeOffset StartUtc, int Intervals, TimeSpan Interval)
{
    public double IntervalHours => Interval.TotalHours;

    public DateTimeOffset EndUtc => StartUtc + (Interval * Intervals);

    public DateTimeOffset StartOf(int interval) => StartUtc + (Interval * interval);

    /// <summary>The interval containing <paramref name="instant"/>, clamped to the horizon.</summary>
    public int IndexOf(DateTimeOffset instant) =>
        Math.Clamp((int)Math.Floor((instant - StartUtc) / Interval), 0, Intervals);

    /// <summary>Marks each interval that any of the windows covers, however little of it; an empty window covers none.</summary>
    public bool[] IntervalsOverlapping(IEnumerable<(DateTimeOffset FromUtc, DateTimeOffset UntilUtc)> windows)
    {
        var marked = new bool[Intervals];
        foreach (var (from, until) in windows.Where(w => w.FromUtc < w.UntilUtc))
        {
            for (var t = 0; t < Intervals; t++)
            {
                marked[t] |= from < StartOf(t + 1) && until > StartOf(t);
            }
        }

        return marked;
    }

    public static PlanningHorizon DayAhead(DateTimeOffset startUtc) => new(startUtc, 96, TimeSpan.FromMinutes(15));
}
