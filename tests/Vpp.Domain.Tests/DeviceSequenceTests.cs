using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class DeviceSequenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Minute(int m) => Start.AddMinutes(m);

    [Fact]
    public void A_counter_that_starts_again_after_a_reboot_keeps_counting_and_replays_of_either_side_count_nothing()
    {
        var sequence = DeviceSequence.Empty();
        for (var m = 0; m < 2000; m++)
        {
            Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(50_000 + m, Minute(m), 60));
        }

        Assert.Equal(SequenceOutcome.AcceptedAfterCounterReset, sequence.TryAccept(0, Minute(2005), 60));
        for (var m = 1; m < 100; m++)
        {
            Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(m, Minute(2005 + m), 60));
        }

        Assert.Equal(99, sequence.Highest);
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(0, Minute(2005), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(42, Minute(2047), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(51_999, Minute(1999), 60));
        Assert.Equal(SequenceOutcome.OutsideWindow, sequence.TryAccept(50_000, Minute(0), 60));
    }

    [Fact]
    public void A_reboot_before_the_window_filled_is_not_mistaken_for_duplicates()
    {
        var sequence = DeviceSequence.Empty();
        for (var m = 0; m < 500; m++)
        {
            sequence.TryAccept(m, Minute(m), 60);
        }

        Assert.Equal(SequenceOutcome.AcceptedAfterCounterReset, sequence.TryAccept(0, Minute(600), 60));
        Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(1, Minute(601), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(1, Minute(1), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(1, Minute(601), 60));
    }

    [Fact]
    public void A_message_from_before_the_reboot_that_arrives_late_counts_once()
    {
        var sequence = DeviceSequence.Empty();
        sequence.TryAccept(7000, Minute(0), 60);
        sequence.TryAccept(7002, Minute(2), 60);

        sequence.TryAccept(0, Minute(10), 60);

        Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(7001, Minute(1), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(7001, Minute(1), 60));
    }

    [Fact]
    public void A_lower_sequence_with_an_older_timestamp_is_a_late_message_not_a_reboot()
    {
        var sequence = DeviceSequence.Empty();
        sequence.TryAccept(9000, Minute(100), 60);

        Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(8990, Minute(90), 60));
        Assert.Equal(SequenceOutcome.OutsideWindow, sequence.TryAccept(10, Minute(5), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(9000, Minute(100), 60));
        Assert.Equal(9000, sequence.Highest);
    }

    [Fact]
    public void Only_the_counter_run_before_the_last_reboot_is_kept_and_anything_older_is_rejected_not_counted_twice()
    {
        var sequence = DeviceSequence.Empty();
        sequence.TryAccept(500, Minute(0), 60);
        sequence.TryAccept(0, Minute(10), 60);
        sequence.TryAccept(0, Minute(20), 60);

        Assert.Equal(SequenceOutcome.OutsideWindow, sequence.TryAccept(500, Minute(0), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(0, Minute(10), 60));
        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(0, Minute(20), 60));
    }

    [Fact]
    public void The_state_survives_a_round_trip_through_bytes()
    {
        var sequence = DeviceSequence.Empty();
        sequence.TryAccept(3000, Minute(0), 60);
        sequence.TryAccept(3001, Minute(1), 60);
        sequence.TryAccept(0, Minute(5), 60);

        var restored = DeviceSequence.FromBytes(sequence.ToBytes());

        Assert.Equal(SequenceOutcome.Duplicate, restored.TryAccept(3001, Minute(1), 60));
        Assert.Equal(SequenceOutcome.Duplicate, restored.TryAccept(0, Minute(5), 60));
        Assert.Equal(SequenceOutcome.Accepted, restored.TryAccept(1, Minute(6), 60));
        Assert.Equal(SequenceOutcome.AcceptedAfterCounterReset, restored.TryAccept(0, Minute(7), 60));
    }

    [Fact]
    public void A_window_stored_before_resets_were_recognised_still_rejects_its_duplicates_and_never_assumes_a_reset()
    {
        var window = SequenceWindow.Empty();
        window.TryAccept(2000);

        var sequence = DeviceSequence.FromBytes(window.ToBytes());

        Assert.Equal(SequenceOutcome.Duplicate, sequence.TryAccept(2000, Minute(0), 60));
        Assert.Equal(SequenceOutcome.OutsideWindow, sequence.TryAccept(0, Minute(60), 60));
        Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(2001, Minute(61), 60));
        Assert.Throws<ArgumentException>(() => DeviceSequence.FromBytes(new byte[17]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rebooting_devices_with_late_and_repeated_deliveries_have_every_message_counted_exactly_once(int seed)
    {
        // A device reporting each minute whose counter restarts now and then; deliveries are shuffled a little within a
        // counter run and any message may be delivered again much later, across reboots.
        var random = new Random(seed);
        var messages = new List<(long Sequence, DateTimeOffset Timestamp, int Run)>();
        long counter = random.Next(0, 100_000);
        var run = 0;
        for (var m = 0; m < 20_000; m++)
        {
            if (random.NextDouble() < 0.002)
            {
                counter = random.Next(0, 3) == 0 ? random.Next(0, (int)counter + 1) : 0;
                run++;
            }

            messages.Add((counter, Minute(m), run));
            counter += random.Next(0, 4) == 0 ? 2 : 1;
        }

        var firstDeliveries = Enumerable.Range(0, messages.Count).ToList();
        for (var i = 1; i < firstDeliveries.Count; i++)
        {
            if (messages[firstDeliveries[i]].Run == messages[firstDeliveries[i - 1]].Run && random.NextDouble() < 0.2)
            {
                (firstDeliveries[i], firstDeliveries[i - 1]) = (firstDeliveries[i - 1], firstDeliveries[i]);
            }
        }

        var deliveries = new List<int>(firstDeliveries);
        foreach (var index in firstDeliveries.Where(_ => random.NextDouble() < 0.3).ToList())
        {
            var at = Math.Min(deliveries.Count, deliveries.IndexOf(index) + random.Next(1, 3000));
            deliveries.Insert(at, index);
        }

        var sequence = DeviceSequence.Empty();
        var counted = new int[messages.Count];
        foreach (var index in deliveries)
        {
            var (s, t, _) = messages[index];
            if (sequence.TryAccept(s, t, 60) is SequenceOutcome.Accepted or SequenceOutcome.AcceptedAfterCounterReset)
            {
                counted[index]++;
            }
        }

        Assert.All(counted, c => Assert.Equal(1, c));
    }
}
