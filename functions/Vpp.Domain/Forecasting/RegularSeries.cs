namespace Vpp.Domain.Forecasting;

/// <summary>
/// Values on a regular UTC grid: <c>Values[i]</c> covers [Start + i·Resolution, Start + (i+1)·Resolution).
/// Missing or rejected intervals are NaN.
/// </summary>
public sealed class RegularSeries(DateTimeOffset start, TimeSpan resolution, double[] values)
{
    public DateTimeOffset Start { get; } = start.ToUniversalTime();

    public TimeSpan Resolution { get; } = resolution;

    public double[] Values { get; } = values;

    public int Count => Values.Length;

    public DateTimeOffset TimeAt(int index) => Start + (Resolution * index);

    /// <summary>Index of the interval containing <paramref name="time"/>, or -1 when outside.</summary>
    public int IndexOf(DateTimeOffset time)
    {
        var offset = time.ToUniversalTime() - Start;
        if (offset < TimeSpan.Zero)
        {
            return -1;
        }

        var index = (int)(offset.Ticks / Resolution.Ticks);
        return index < Count ? index : -1;
    }

    public double ValueAt(DateTimeOffset time) => IndexOf(time) is var i and >= 0 ? Values[i] : double.NaN;
}
