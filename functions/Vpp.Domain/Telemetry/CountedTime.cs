namespace Vpp.Domain.Telemetry;

/// <summary>
/// The spans of time a device's counted readings cover, as disjoint [start, end) ranges in UTC ticks, oldest first.
/// A reading whose span overlaps counted time would count the same energy twice, whatever its sequence number, so it
/// is refused. Readings mostly arrive in order and abut, so the list is usually one range; a device that goes quiet
/// leaves a gap. At most <see cref="MaxRanges"/> ranges are kept: the oldest are forgotten, and a reading that starts
/// before the end of what was forgotten cannot be proven new.
/// </summary>
public sealed class CountedTime
{
    public const int MaxRanges = 64;
    private const long NothingForgotten = long.MinValue;
    private readonly List<(long Start, long End)> ranges;
    private long forgottenBefore;

    private CountedTime(List<(long Start, long End)> ranges, long forgottenBefore)
    {
        this.ranges = ranges;
        this.forgottenBefore = forgottenBefore;
    }

    public static CountedTime Empty() => new([], NothingForgotten);

    /// <summary>Bytes <see cref="WriteTo"/> takes for the current ranges.</summary>
    public int SerializedLength => 8 + 2 + (ranges.Count * 16);

    public SequenceOutcome Check(long start, long end)
    {
        if (start < forgottenBefore)
        {
            return SequenceOutcome.OutsideWindow;
        }

        // Newest first: a reading almost always lands at the end.
        for (var i = ranges.Count - 1; i >= 0; i--)
        {
            var (s, e) = ranges[i];
            if (start < e && s < end)
            {
                return SequenceOutcome.OverlapsCountedTime;
            }

            if (e <= start)
            {
                break;
            }
        }

        return SequenceOutcome.Accepted;
    }

    /// <summary>Records a span <see cref="Check"/> accepted, merging it with ranges it touches.</summary>
    public void Add(long start, long end)
    {
        if (end <= start)
        {
            return;
        }

        var index = ranges.Count;
        while (index > 0 && ranges[index - 1].Start > start)
        {
            index--;
        }

        if (index > 0 && ranges[index - 1].End == start)
        {
            index--;
            start = ranges[index].Start;
            ranges.RemoveAt(index);
        }

        if (index < ranges.Count && ranges[index].Start == end)
        {
            end = ranges[index].End;
            ranges.RemoveAt(index);
        }

        ranges.Insert(index, (start, end));
        if (ranges.Count > MaxRanges)
        {
            forgottenBefore = ranges[0].End;
            ranges.RemoveAt(0);
        }
    }

    public CountedTime Clone() => new([.. ranges], forgottenBefore);

    /// <summary>Makes this the same as <paramref name="other"/>, reusing its list.</summary>
    public void CopyFrom(CountedTime other)
    {
        ranges.Clear();
        ranges.AddRange(other.ranges);
        forgottenBefore = other.forgottenBefore;
    }

    public void WriteTo(Span<byte> destination)
    {
        BitConverter.TryWriteBytes(destination[..8], forgottenBefore);
        BitConverter.TryWriteBytes(destination.Slice(8, 2), (ushort)ranges.Count);
        for (var i = 0; i < ranges.Count; i++)
        {
            BitConverter.TryWriteBytes(destination.Slice(10 + (i * 16), 8), ranges[i].Start);
            BitConverter.TryWriteBytes(destination.Slice(18 + (i * 16), 8), ranges[i].End);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; returns the bytes it took.</summary>
    public static CountedTime ReadFrom(ReadOnlySpan<byte> source, out int length)
    {
        var forgotten = BitConverter.ToInt64(source[..8]);
        int count = BitConverter.ToUInt16(source.Slice(8, 2));
        length = 10 + (count * 16);
        if (source.Length < length || count > MaxRanges)
        {
            throw new ArgumentException($"Counted time of {count} ranges does not fit {source.Length} bytes.", nameof(source));
        }

        var ranges = new List<(long, long)>(count + 1);
        for (var i = 0; i < count; i++)
        {
            ranges.Add((BitConverter.ToInt64(source.Slice(10 + (i * 16), 8)), BitConverter.ToInt64(source.Slice(18 + (i * 16), 8))));
        }

        return new CountedTime(ranges, forgotten);
    }
}
