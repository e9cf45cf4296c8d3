using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class SequenceWindowTests
{
    [Fact]
    public void Duplicates_count_once_and_late_arrivals_inside_the_window_count_once()
    {
        var window = SequenceWindow.Empty();

        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(10));
        Assert.Equal(SequenceOutcome.Duplicate, window.TryAccept(10));
        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(12));
        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(11));
        Assert.Equal(SequenceOutcome.Duplicate, window.TryAccept(11));
        Assert.Equal(12, window.Highest);
    }

    [Fact]
    public void Messages_older_than_the_window_cannot_be_proven_new()
    {
        var window = SequenceWindow.Empty();
        window.TryAccept(5000);

        Assert.Equal(SequenceOutcome.OutsideWindow, window.TryAccept(5000 - SequenceWindow.Size));
        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(5000 - SequenceWindow.Size + 1));
    }

    [Fact]
    public void The_window_survives_a_round_trip_through_bytes()
    {
        var window = SequenceWindow.Empty();
        foreach (var s in new long[] { 1, 3, 70, 64, 129, 1000 })
        {
            window.TryAccept(s);
        }

        var restored = SequenceWindow.FromBytes(window.ToBytes());

        Assert.Equal(1000, restored.Highest);
        foreach (var s in new long[] { 1, 3, 70, 64, 129, 1000 })
        {
            Assert.Equal(SequenceOutcome.Duplicate, restored.TryAccept(s));
        }

        Assert.Equal(SequenceOutcome.Accepted, restored.TryAccept(2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void It_agrees_with_a_set_of_everything_seen_for_random_arrival_orders(int seed)
    {
        // Reference model: a plain set, and the same window rule stated directly.
        var random = new Random(seed);
        var window = SequenceWindow.Empty();
        var seen = new HashSet<long>();
        long highest = -1;
        for (var i = 0; i < 20_000; i++)
        {
            var sequence = Math.Max(0, highest + random.Next(-1500, 200));
            var expected = sequence > highest ? SequenceOutcome.Accepted
                : highest - sequence >= SequenceWindow.Size ? SequenceOutcome.OutsideWindow
                : seen.Contains(sequence) ? SequenceOutcome.Duplicate : SequenceOutcome.Accepted;

            Assert.Equal(expected, window.TryAccept(sequence));
            if (expected == SequenceOutcome.Accepted)
            {
                seen.Add(sequence);
                highest = Math.Max(highest, sequence);
            }
        }
    }
}
