using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class CountedTimeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);

    private static long At(double minutes) => Start.AddMinutes(minutes).UtcTicks;

    [Fact]
    public void Abutting_spans_merge_and_any_overlap_with_counted_time_is_refused()
    {
        var counted = CountedTime.Empty();
        counted.Add(At(0), At(1));
        counted.Add(At(1), At(2));

        Assert.Equal(SequenceOutcome.OverlapsCountedTime, counted.Check(At(0), At(1)));
        Assert.Equal(SequenceOutcome.OverlapsCountedTime, counted.Check(At(1.5), At(2.5)));
        Assert.Equal(SequenceOutcome.OverlapsCountedTime, counted.Check(At(-0.5), At(0.5)));
        Assert.Equal(SequenceOutcome.Accepted, counted.Check(At(2), At(3)));
        Assert.Equal(SequenceOutcome.Accepted, counted.Check(At(-1), At(0)));
        Assert.Equal(8 + 2 + 16, counted.SerializedLength); // one range
    }

    [Fact]
    public void A_gap_left_by_a_quiet_device_can_be_filled_late_but_only_once()
    {
        var counted = CountedTime.Empty();
        counted.Add(At(0), At(1));
        counted.Add(At(5), At(6));

        Assert.Equal(SequenceOutcome.Accepted, counted.Check(At(2), At(3)));
        counted.Add(At(2), At(3));
        Assert.Equal(SequenceOutcome.OverlapsCountedTime, counted.Check(At(2), At(3)));
        Assert.Equal(SequenceOutcome.Accepted, counted.Check(At(3), At(5)));
        counted.Add(At(3), At(5));
        counted.Add(At(1), At(2));
        Assert.Equal(8 + 2 + 16, counted.SerializedLength); // all one range again
    }

    [Fact]
    public void Beyond_the_ranges_kept_the_oldest_are_forgotten_and_anything_starting_before_them_cannot_be_proven_new()
    {
        var counted = CountedTime.Empty();
        for (var i = 0; i <= CountedTime.MaxRanges; i++)
        {
            counted.Add(At(i * 2), At((i * 2) + 1));
        }

        Assert.Equal(SequenceOutcome.OutsideWindow, counted.Check(At(0.5), At(0.75)));
        Assert.Equal(SequenceOutcome.Accepted, counted.Check(At(3), At(4)));
    }

    [Fact]
    public void The_probe_ten_readings_of_one_minute_with_ten_sequence_numbers_are_one_minute_of_energy()
    {
        var ledger = new DeviceTelemetryLedger();
        var outcomes = Enumerable.Range(0, 10).Select(i => ledger.Count(Reading(1000 + i, Start, 5.0))).ToList();

        Assert.Equal(SequenceOutcome.Accepted, outcomes[0]);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(SequenceOutcome.OverlapsCountedTime, o));
        Assert.Equal(SequenceOutcome.Duplicate, ledger.Count(Reading(1000, Start, 5.0)));
        var minute = ledger.TouchedAsRollups().Single(r => r.Resolution == RollupResolution.OneMinute);
        Assert.Equal(60, minute.CoveredSeconds);
        Assert.Equal(5.0 / 60, minute.EnergyImportedKwh, 9);
    }

    [Fact]
    public void Counted_time_survives_the_round_trip_through_storage_and_older_formats_still_read()
    {
        var sequence = DeviceSequence.Empty();
        Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(1, Start, 60));
        Assert.Equal(SequenceOutcome.Accepted, sequence.TryAccept(2, Start.AddMinutes(3), 60));

        var stored = DeviceSequence.FromBytes(sequence.ToBytes());

        Assert.Equal(SequenceOutcome.OverlapsCountedTime, stored.TryAccept(3, Start.AddSeconds(30), 60));
        Assert.Equal(SequenceOutcome.Accepted, stored.TryAccept(4, Start.AddMinutes(1), 60));
        var formatTwo = sequence.ToBytes()[..^(8 + 2 + (2 * 16))];
        formatTwo[0] = 2;
        Assert.Equal(SequenceOutcome.Accepted, DeviceSequence.FromBytes(formatTwo).TryAccept(5, Start.AddMinutes(10), 60));
    }

    private static TelemetryMessage Reading(long sequence, DateTimeOffset at, double powerKw) => new()
    {
        SchemaVersion = 1,
        Sequence = sequence,
        Timestamp = at,
        IntervalSeconds = 60,
        PowerKw = powerKw,
    };
}
