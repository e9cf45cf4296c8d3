using System.Runtime.CompilerServices;

namespace Vpp.Domain.Telemetry;

/// <summary>
/// Which sequence numbers of one device have been counted: the highest seen and a bitmap of the
/// <see cref="Size"/> below it. A message inside the window counts once however late or often it arrives;
/// one older than the window cannot be proven new and is rejected rather than risk double counting.
/// </summary>
public sealed class SequenceWindow
{
    public const int Size = 1024;
    private const int Words = Size / 64;

    /// <summary>The length of <see cref="ToBytes"/>.</summary>
    public const int SerializedLength = 8 + (Words * 8);
    // Inside the window's object, not an array of its own: ingestion copies windows device after device, and each
    // separate object is one more cache miss.
    private Bitmap seen;

    private SequenceWindow(long highest, in Bitmap seen)
    {
        Highest = highest;
        this.seen = seen;
    }

    /// <summary>The highest sequence counted so far; -1 before the first.</summary>
    public long Highest { get; private set; }

    public static SequenceWindow Empty() => new(-1, default);

    /// <summary>What <see cref="TryAccept"/> would answer, without counting the sequence.</summary>
    public SequenceOutcome Peek(long sequence) =>
        sequence > Highest ? SequenceOutcome.Accepted
        : Highest - sequence >= Size ? SequenceOutcome.OutsideWindow
        : IsSet((int)(Highest - sequence)) ? SequenceOutcome.Duplicate
        : SequenceOutcome.Accepted;

    public SequenceOutcome TryAccept(long sequence)
    {
        if (sequence > Highest)
        {
            Shift(sequence - Highest);
            Highest = sequence;
            Set(0);
            return SequenceOutcome.Accepted;
        }

        var age = Highest - sequence;
        if (age >= Size)
        {
            return SequenceOutcome.OutsideWindow;
        }

        if (IsSet((int)age))
        {
            return SequenceOutcome.Duplicate;
        }

        Set((int)age);
        return SequenceOutcome.Accepted;
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Writes <see cref="SerializedLength"/> bytes: what <see cref="FromBytes"/> reads.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BitConverter.TryWriteBytes(destination[..8], Highest);
        for (var i = 0; i < Words; i++)
        {
            BitConverter.TryWriteBytes(destination.Slice(8 + (i * 8), 8), seen[i]);
        }
    }

    public static SequenceWindow FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SerializedLength)
        {
            throw new ArgumentException($"A sequence window is {SerializedLength} bytes; got {bytes.Length}.", nameof(bytes));
        }

        var seen = default(Bitmap);
        for (var i = 0; i < Words; i++)
        {
            seen[i] = BitConverter.ToUInt64(bytes.Slice(8 + (i * 8), 8));
        }

        return new SequenceWindow(BitConverter.ToInt64(bytes[..8]), seen);
    }

    public SequenceWindow Clone() => new(Highest, seen);

    /// <summary>Makes this window the same as <paramref name="other"/>, in place.</summary>
    public void CopyFrom(SequenceWindow other)
    {
        Highest = other.Highest;
        seen = other.seen;
    }

    // Bit k (k = age below Highest) lives in word k / 64.
    private bool IsSet(int age) => (seen[age >> 6] & (1UL << (age & 63))) != 0;

    private void Set(int age) => seen[age >> 6] |= 1UL << (age & 63);

    private void Shift(long by)
    {
        if (by >= Size)
        {
            seen = default;
            return;
        }

        var wordShift = (int)(by >> 6);
        var bitShift = (int)(by & 63);
        for (var i = Words - 1; i >= 0; i--)
        {
            var source = i - wordShift;
            var value = source >= 0 ? seen[source] << bitShift : 0;
            if (bitShift != 0 && source - 1 >= 0)
            {
                value |= seen[source - 1] >> (64 - bitShift);
            }

            seen[i] = value;
        }
    }

    [InlineArray(Words)]
    private struct Bitmap
    {
        private ulong first;
    }
}
