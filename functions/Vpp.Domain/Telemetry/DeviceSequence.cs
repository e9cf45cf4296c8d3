namespace Vpp.Domain.Telemetry;

/// <summary>
/// Which of one device's messages have been counted, across restarts of its sequence counter. A device's sequence rises
/// with its timestamps, so a message whose sequence did not rise although its timestamp is newer than anything counted
/// means the counter started again (a reboot, a firmware update): the counting carries on in a new
/// <see cref="SequenceWindow"/> instead of rejecting the device's telemetry. Each message is routed to one window by its
/// timestamp, so a replay finds the window that counted it; the window before the last reset is kept for late and
/// replayed messages, and anything older than that cannot be proven new and is rejected rather than risk counting it twice.
/// Whatever its sequence number, a message whose span of time overlaps time already counted (<see cref="CountedTime"/>)
/// is refused: ten readings of one minute with ten sequence numbers are still one minute of energy.
/// </summary>
public sealed class DeviceSequence
{
    private const byte Format = 3;
    private const byte FormatWithoutCountedTime = 2;
    private const int WindowBytes = SequenceWindow.SerializedLength;
    private const int FixedLength = 1 + WindowBytes + 8 + 1 + WindowBytes + 8 + 8;

    // Written by a version that did not recognise resets: its newest timestamp is unknown, so it never assumes one.
    private const long NewestUnknown = long.MaxValue;
    private const long Nothing = long.MinValue;

    private SequenceWindow current;
    private long currentNewestTicks;
    private SequenceWindow? previous;
    private long previousNewestTicks;
    private long forgottenNewestTicks;
    private readonly CountedTime counted;

    private DeviceSequence(SequenceWindow current, long currentNewestTicks, SequenceWindow? previous, long previousNewestTicks, long forgottenNewestTicks, CountedTime counted)
    {
        this.counted = counted;
        this.current = current;
        this.currentNewestTicks = currentNewestTicks;
        this.previous = previous;
        this.previousNewestTicks = previousNewestTicks;
        this.forgottenNewestTicks = forgottenNewestTicks;
    }

    /// <summary>The highest sequence counted since the counter last started again; -1 before the first.</summary>
    public long Highest => current.Highest;

    public static DeviceSequence Empty() => new(SequenceWindow.Empty(), Nothing, null, Nothing, Nothing, CountedTime.Empty());

    /// <summary>Counts the message with this sequence number and span [<paramref name="timestamp"/>, + <paramref name="intervalSeconds"/>), or says why not.</summary>
    public SequenceOutcome TryAccept(long sequence, DateTimeOffset timestamp, int intervalSeconds)
    {
        var ticks = timestamp.UtcTicks;
        var end = ticks + (intervalSeconds * TimeSpan.TicksPerSecond);
        if (previous is not null && ticks <= previousNewestTicks)
        {
            return ticks <= forgottenNewestTicks ? SequenceOutcome.OutsideWindow : Count(previous, sequence, ticks, end);
        }

        if (sequence <= current.Highest && currentNewestTicks != NewestUnknown && ticks > currentNewestTicks)
        {
            if (counted.Check(ticks, end) is not SequenceOutcome.Accepted and var refused)
            {
                return refused;
            }

            counted.Add(ticks, end);
            forgottenNewestTicks = previous is null ? Nothing : previousNewestTicks;
            previous = current;
            previousNewestTicks = currentNewestTicks;
            current = SequenceWindow.Empty();
            current.TryAccept(sequence);
            currentNewestTicks = ticks;
            return SequenceOutcome.AcceptedAfterCounterReset;
        }

        var outcome = Count(current, sequence, ticks, end);
        if (outcome == SequenceOutcome.Accepted && currentNewestTicks != NewestUnknown)
        {
            currentNewestTicks = Math.Max(currentNewestTicks, ticks);
        }

        return outcome;
    }

    /// <summary>A replay is a duplicate first (it overlaps its own span); only a new sequence number is checked against counted time.</summary>
    private SequenceOutcome Count(SequenceWindow window, long sequence, long start, long end)
    {
        var outcome = window.Peek(sequence);
        if (outcome == SequenceOutcome.Accepted)
        {
            outcome = counted.Check(start, end);
        }

        if (outcome == SequenceOutcome.Accepted)
        {
            window.TryAccept(sequence);
            counted.Add(start, end);
        }

        return outcome;
    }

    /// <summary>
    /// Makes this the same as <paramref name="other"/>, reusing its windows: a store hands out working copies of the
    /// sequences it keeps and takes them back on commit, and copying into one kept for the purpose allocates nothing.
    /// </summary>
    public void CopyFrom(DeviceSequence other)
    {
        current.CopyFrom(other.current);
        currentNewestTicks = other.currentNewestTicks;
        if (other.previous is null)
        {
            previous = null;
        }
        else
        {
            previous ??= SequenceWindow.Empty();
            previous.CopyFrom(other.previous);
        }

        previousNewestTicks = other.previousNewestTicks;
        forgottenNewestTicks = other.forgottenNewestTicks;
        counted.CopyFrom(other.counted);
    }

    public DeviceSequence Clone() => new(current.Clone(), currentNewestTicks, previous?.Clone(), previousNewestTicks, forgottenNewestTicks, counted.Clone());

    public byte[] ToBytes()
    {
        var bytes = new byte[FixedLength + counted.SerializedLength];
        var span = bytes.AsSpan();
        span[0] = Format;
        current.WriteTo(span.Slice(1, WindowBytes));
        BitConverter.TryWriteBytes(span.Slice(1 + WindowBytes, 8), currentNewestTicks);
        if (previous is not null)
        {
            span[1 + WindowBytes + 8] = 1;
            previous.WriteTo(span.Slice(1 + WindowBytes + 9, WindowBytes));
        }

        BitConverter.TryWriteBytes(span.Slice(FixedLength - 16, 8), previousNewestTicks);
        BitConverter.TryWriteBytes(span.Slice(FixedLength - 8, 8), forgottenNewestTicks);
        counted.WriteTo(span[FixedLength..]);
        return bytes;
    }

    /// <summary>
    /// Reads <see cref="ToBytes"/>, or what earlier releases stored: a bare window (before counter resets were
    /// recognised) or format 2 (before counted time was kept; what those counted is not known, so nothing is assumed).
    /// </summary>
    public static DeviceSequence FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == WindowBytes)
        {
            return new DeviceSequence(SequenceWindow.FromBytes(bytes), NewestUnknown, null, Nothing, Nothing, CountedTime.Empty());
        }

        var known = bytes.Length > 0 && (bytes[0] == Format ? bytes.Length >= FixedLength + 10 : bytes[0] == FormatWithoutCountedTime && bytes.Length == FixedLength);
        if (!known)
        {
            throw new ArgumentException($"A device sequence is at least {FixedLength} bytes starting with format {Format}; got {bytes.Length} bytes.", nameof(bytes));
        }

        var current = SequenceWindow.FromBytes(bytes.Slice(1, WindowBytes));
        var currentNewest = BitConverter.ToInt64(bytes.Slice(1 + WindowBytes, 8));
        var previous = bytes[1 + WindowBytes + 8] == 1 ? SequenceWindow.FromBytes(bytes.Slice(1 + WindowBytes + 9, WindowBytes)) : null;
        return new DeviceSequence(
            current,
            currentNewest,
            previous,
            BitConverter.ToInt64(bytes.Slice(FixedLength - 16, 8)),
            BitConverter.ToInt64(bytes.Slice(FixedLength - 8, 8)),
            bytes[0] == Format ? CountedTime.ReadFrom(bytes[FixedLength..], out _) : CountedTime.Empty());
    }
}
