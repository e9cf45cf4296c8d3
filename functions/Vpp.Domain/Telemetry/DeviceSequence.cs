namespace Vpp.Domain.Telemetry;

/// <summary>
/// Which of one device's messages have been counted, across restarts of its sequence counter. A device's sequence rises
/// with its timestamps, so a message whose sequence did not rise although its timestamp is newer than anything counted
/// means the counter started again (a reboot, a firmware update): the counting carries on in a new
/// <see cref="SequenceWindow"/> instead of rejecting the device's telemetry. Each message is routed to one window by its
/// timestamp, so a replay finds the window that counted it; the window before the last reset is kept for late and
/// replayed messages, and anything older than that cannot be proven new and is rejected rather than risk counting it twice.
/// </summary>
public sealed class DeviceSequence
{
    private const byte Format = 2;
    private const int WindowBytes = SequenceWindow.SerializedLength;
    private const int SerializedLength = 1 + WindowBytes + 8 + 1 + WindowBytes + 8 + 8;

    // Written by a version that did not recognise resets: its newest timestamp is unknown, so it never assumes one.
    private const long NewestUnknown = long.MaxValue;
    private const long Nothing = long.MinValue;

    private SequenceWindow current;
    private long currentNewestTicks;
    private SequenceWindow? previous;
    private long previousNewestTicks;
    private long forgottenNewestTicks;

    private DeviceSequence(SequenceWindow current, long currentNewestTicks, SequenceWindow? previous, long previousNewestTicks, long forgottenNewestTicks)
    {
        this.current = current;
        this.currentNewestTicks = currentNewestTicks;
        this.previous = previous;
        this.previousNewestTicks = previousNewestTicks;
        this.forgottenNewestTicks = forgottenNewestTicks;
    }

    /// <summary>The highest sequence counted since the counter last started again; -1 before the first.</summary>
    public long Highest => current.Highest;

    public static DeviceSequence Empty() => new(SequenceWindow.Empty(), Nothing, null, Nothing, Nothing);

    public SequenceOutcome TryAccept(long sequence, DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks;
        if (previous is not null && ticks <= previousNewestTicks)
        {
            return ticks <= forgottenNewestTicks ? SequenceOutcome.OutsideWindow : previous.TryAccept(sequence);
        }

        if (sequence <= current.Highest && currentNewestTicks != NewestUnknown && ticks > currentNewestTicks)
        {
            forgottenNewestTicks = previous is null ? Nothing : previousNewestTicks;
            previous = current;
            previousNewestTicks = currentNewestTicks;
            current = SequenceWindow.Empty();
            current.TryAccept(sequence);
            currentNewestTicks = ticks;
            return SequenceOutcome.AcceptedAfterCounterReset;
        }

        var outcome = current.TryAccept(sequence);
        if (outcome == SequenceOutcome.Accepted && currentNewestTicks != NewestUnknown)
        {
            currentNewestTicks = Math.Max(currentNewestTicks, ticks);
        }

        return outcome;
    }

    public DeviceSequence Clone() => new(current.Clone(), currentNewestTicks, previous?.Clone(), previousNewestTicks, forgottenNewestTicks);

    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        var span = bytes.AsSpan();
        span[0] = Format;
        current.WriteTo(span.Slice(1, WindowBytes));
        BitConverter.TryWriteBytes(span.Slice(1 + WindowBytes, 8), currentNewestTicks);
        if (previous is not null)
        {
            span[1 + WindowBytes + 8] = 1;
            previous.WriteTo(span.Slice(1 + WindowBytes + 9, WindowBytes));
        }

        BitConverter.TryWriteBytes(span.Slice(SerializedLength - 16, 8), previousNewestTicks);
        BitConverter.TryWriteBytes(span.Slice(SerializedLength - 8, 8), forgottenNewestTicks);
        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>, or a bare window as stored before counter resets were recognised.</summary>
    public static DeviceSequence FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == WindowBytes)
        {
            return new DeviceSequence(SequenceWindow.FromBytes(bytes), NewestUnknown, null, Nothing, Nothing);
        }

        if (bytes.Length != SerializedLength || bytes[0] != Format)
        {
            throw new ArgumentException($"A device sequence is {SerializedLength} bytes starting with format {Format}; got {bytes.Length} bytes.", nameof(bytes));
        }

        var current = SequenceWindow.FromBytes(bytes.Slice(1, WindowBytes));
        var currentNewest = BitConverter.ToInt64(bytes.Slice(1 + WindowBytes, 8));
        var previous = bytes[1 + WindowBytes + 8] == 1 ? SequenceWindow.FromBytes(bytes.Slice(1 + WindowBytes + 9, WindowBytes)) : null;
        return new DeviceSequence(
            current,
            currentNewest,
            previous,
            BitConverter.ToInt64(bytes.Slice(SerializedLength - 16, 8)),
            BitConverter.ToInt64(bytes.Slice(SerializedLength - 8, 8)));
    }
}
