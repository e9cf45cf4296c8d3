using System.Text;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Tests;
using Vpp.TestSupport.Memory;

namespace Vpp.Application.Tests;

public sealed class TelemetryIngestionTests
{
    [Fact]
    public async Task The_device_identity_comes_from_system_properties_never_from_the_body()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("victim"), TestDevices.Battery("attacker"));
        var spoof = IngestionHarness.Reading(1, 5, -4.0).With("deviceId", "victim");

        var report = await harness.IngestAsync(harness.Event("attacker", spoof));

        Assert.Equal(1, report.Counted);
        Assert.Empty(await harness.QuartersAsync("victim"));
        Assert.Equal(4.0 / 60, (await harness.QuartersAsync("attacker")).Single().EnergyExportedKwh, 9);
    }

    [Fact]
    public async Task Each_partition_s_progress_is_the_newest_enqueued_time_of_a_batch_recorded_at_most_every_ten_seconds()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"), TestDevices.Battery("b2"));
        var now = IngestionHarness.Now;
        TelemetryEvent Sent(string deviceId, long sequence, string partition, DateTimeOffset enqueued) =>
            new(IngestionHarness.Reading(sequence, (int)(now - enqueued).TotalMinutes + 1, 1.0).Bytes(), deviceId, partition, sequence, enqueued);

        // A device the program does not know is dead-lettered, but its partition has been read past it all the same.
        await harness.IngestAsync(Sent("b1", 1, "0", now.AddMinutes(-3)), Sent("b1", 2, "0", now.AddMinutes(-2)), Sent("b2", 1, "3", now.AddMinutes(-4)), Sent("stranger", 1, "0", now.AddMinutes(-1)));
        var first = (await harness.Progress.ListAsync(CancellationToken.None)).OrderBy(p => p.PartitionId).ToList();
        harness.Clock.Advance(TimeSpan.FromSeconds(9));
        await harness.IngestAsync(Sent("b1", 3, "0", now));
        var writesWithinTenSeconds = harness.Progress.Writes;
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.IngestAsync(Sent("b1", 4, "0", now.AddSeconds(10)));

        Assert.Equal([new IngestionProgress("0", now.AddMinutes(-1)), new IngestionProgress("3", now.AddMinutes(-4))], first);
        Assert.Equal(2, writesWithinTenSeconds);
        Assert.Equal(3, harness.Progress.Writes);
        Assert.Contains(new IngestionProgress("0", now.AddSeconds(10)), await harness.Progress.ListAsync(CancellationToken.None));
        Assert.Contains(new IngestionProgress("3", now.AddMinutes(-4)), await harness.Progress.ListAsync(CancellationToken.None));
        var fleet = (await harness.Fleet.ListFleetAsync(TestDevices.Battery("b1").ProgramId, CancellationToken.None)).ToDictionary(d => d.Registration.DeviceId);
        Assert.Equal(("0", now.AddMinutes(-1)), (fleet["b1"].IngestedFromPartition, fleet["b1"].Latest?.Timestamp));
        Assert.Equal(("3", now.AddMinutes(-5)), (fleet["b2"].IngestedFromPartition, fleet["b2"].Latest?.Timestamp));
    }

    [Fact]
    public async Task Readings_that_cover_the_same_time_twice_count_once_whatever_their_sequence_numbers()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"));
        // The probe that found it: ten readings of one battery, one timestamp, sequence numbers 1000-1009, 5 kW each.
        var sameMinute = Enumerable.Range(0, 10).Select(i => harness.Event("b1", IngestionHarness.Reading(1000 + i, 5, 5.0))).ToArray();

        var report = await harness.IngestAsync(sameMinute);
        var replay = await harness.IngestAsync(sameMinute);
        var halfOverlapping = await harness.IngestAsync(harness.Event("b1", IngestionHarness.Reading(1010, 5, 5.0).At(IngestionHarness.Now.AddMinutes(-5).AddSeconds(30))));
        var next = await harness.IngestAsync(harness.Event("b1", IngestionHarness.Reading(1011, 4, 5.0)));

        Assert.Equal(1, report.Counted);
        Assert.Equal(9, report.DeadLettered[RejectionReason.OverlappingInterval]);
        Assert.Equal(0, replay.Counted);
        Assert.Equal(0, halfOverlapping.Counted);
        Assert.Equal(1, next.Counted);
        Assert.All(harness.DeadLetters.All, d => Assert.Equal(RejectionReason.OverlappingInterval, d.Reason));
        Assert.Contains("overlaps time already counted", harness.DeadLetters.All.First().Detail, StringComparison.Ordinal);
        var quarter = (await harness.QuartersAsync("b1")).Single();
        Assert.Equal(120, quarter.CoveredSeconds);
        Assert.Equal(2 * 5.0 / 60, quarter.EnergyImportedKwh, 9);
    }

    [Fact]
    public async Task An_event_without_an_authenticated_identity_is_dead_lettered()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"));

        var report = await harness.IngestAsync(harness.Event(null, IngestionHarness.Reading(1, 5, 1).With("deviceId", "b1")));

        Assert.Equal(0, report.Counted);
        Assert.Equal(RejectionReason.MissingDeviceIdentity, harness.DeadLetters.All.Single().Reason);
        Assert.Empty(await harness.QuartersAsync("b1"));
    }

    [Fact]
    public async Task Every_kind_of_bad_input_is_dead_lettered_with_its_reason_and_the_rest_of_the_batch_counts()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"), TestDevices.Battery("b2"));
        var events = new[]
        {
            harness.Event("b1", IngestionHarness.Reading(1, 10, 2.0)),
            harness.Event("b1", Encoding.UTF8.GetBytes("{\"schemaVersion\":1,\"sequence\":")),
            harness.Event("b1", IngestionHarness.Reading(2, 9, 2.0).With("schemaVersion", 7)),
            harness.Event("ghost", IngestionHarness.Reading(1, 9, 2.0)),
            harness.Event("b1", IngestionHarness.Reading(3, 8, 2.0, soc: 140)),
            harness.Event("b1", IngestionHarness.Reading(4, 7, 5000.0)),
            harness.Event("b1", IngestionHarness.Reading(5, -60, 2.0)),
            harness.Event("b1", IngestionHarness.Reading(6, 60 * 24 * 30, 2.0)),
            harness.Event("b1", IngestionHarness.Reading(7, 6, 2.0).With("deviceType", "ev-charger")),
            harness.Event("b2", IngestionHarness.Reading(1, 5, -1.0)),
        };

        var report = await harness.IngestAsync(events);

        Assert.Equal(10, report.Received);
        Assert.Equal(2, report.Counted);
        var reasons = harness.DeadLetters.All.Select(d => d.Reason).Order().ToList();
        Assert.Equal(
            new[]
            {
                RejectionReason.MalformedJson, RejectionReason.UnsupportedSchemaVersion, RejectionReason.UnknownDevice,
                RejectionReason.DeviceTypeMismatch, RejectionReason.OutOfPhysicalRange, RejectionReason.OutOfPhysicalRange,
                RejectionReason.TimestampInFuture, RejectionReason.TimestampTooOld,
            }.Order(),
            reasons);
        Assert.All(harness.DeadLetters.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Detail)));
        Assert.All(harness.DeadLetters.All, d => Assert.True(d.Body.Length > 0));
    }

    [Fact]
    public async Task Duplicates_and_late_messages_count_once_and_messages_beyond_the_window_are_dead_lettered()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"));

        var first = await harness.IngestAsync(
            harness.Event("b1", IngestionHarness.Reading(5000, 3, 1.2)),
            harness.Event("b1", IngestionHarness.Reading(5000, 3, 1.2)),
            harness.Event("b1", IngestionHarness.Reading(4998, 5, 1.2)));
        var late = await harness.IngestAsync(
            harness.Event("b1", IngestionHarness.Reading(4999, 4, 1.2)),
            harness.Event("b1", IngestionHarness.Reading(4998, 5, 1.2)),
            harness.Event("b1", IngestionHarness.Reading(3000, 20, 1.2)));

        Assert.Equal((2, 1), (first.Counted, first.Duplicates));
        Assert.Equal((1, 1), (late.Counted, late.Duplicates));
        Assert.Equal(RejectionReason.SequenceOutsideWindow, harness.DeadLetters.All.Single().Reason);
        Assert.Equal(3 * 1.2 / 60, (await harness.QuartersAsync("b1")).Sum(r => r.EnergyImportedKwh), 9);
    }

    [Fact]
    public async Task A_device_whose_counter_starts_again_after_a_reboot_keeps_counting_once_through_replays()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"));
        var beforeReboot = Enumerable.Range(0, 30).Select(i => harness.Event("b1", IngestionHarness.Reading(80_000 + i, 60 - i, 1.5))).ToArray();
        var afterReboot = Enumerable.Range(0, 20).Select(i => harness.Event("b1", IngestionHarness.Reading(i, 25 - i, 1.5))).ToArray();

        var first = await harness.IngestAsync(beforeReboot);
        var rebooted = await harness.IngestAsync(afterReboot);
        var replay = await harness.IngestAsync([.. afterReboot, .. beforeReboot]);

        Assert.Equal((30, 0), (first.Counted, first.CounterResets));
        Assert.Equal((20, 1), (rebooted.Counted, rebooted.CounterResets));
        Assert.Equal((0, 50), (replay.Counted, replay.Duplicates));
        Assert.Empty(harness.DeadLetters.All);
        Assert.Equal(50 * 1.5 / 60, (await harness.QuartersAsync("b1")).Sum(r => r.EnergyImportedKwh), 9);
    }

    [Fact]
    public async Task Replaying_a_batch_changes_nothing()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"), TestDevices.Battery("b2"));
        var batch = Enumerable.Range(0, 60)
            .SelectMany(i => new[] { harness.Event("b1", IngestionHarness.Reading(i, 60 - i, 3.3)), harness.Event("b2", IngestionHarness.Reading(i, 60 - i, -2.2)) })
            .ToArray();

        var once = await harness.IngestAsync(batch);
        var before = await harness.QuartersAsync("b1");
        var replay = await harness.IngestAsync(batch);
        var after = await harness.QuartersAsync("b1");

        Assert.Equal(120, once.Counted);
        Assert.Equal((0, 120), (replay.Counted, replay.Duplicates));
        Assert.Equal(before.Select(r => (r.IntervalStart, r.EnergyImportedKwh, r.SampleCount)), after.Select(r => (r.IntervalStart, r.EnergyImportedKwh, r.SampleCount)));
        Assert.Equal(3.3, after.Sum(r => r.EnergyImportedKwh), 9);
    }

    [Fact]
    public async Task A_long_backlog_is_split_into_commits_a_transaction_can_hold_and_all_of_it_counts()
    {
        var ledgers = new InMemoryTelemetryLedgerStore();
        var harness = await new IngestionHarness(ledgers).WithDevicesAsync(TestDevices.Battery("b1"));
        // A device back after six days offline sends one reading per hour: 150 hours, more than one transaction holds.
        var backlog = Enumerable.Range(0, 150).Select(i => harness.Event("b1", IngestionHarness.Reading(i, (150 - i) * 60, 1.0))).ToArray();

        var report = await harness.IngestAsync(backlog);

        Assert.Equal(150, report.Counted);
        Assert.Equal(2, ledgers.Commits);
        var quarters = await harness.Ledgers.ReadRollupsAsync("b1", RollupResolution.FifteenMinutes, IngestionHarness.Now.AddDays(-8), IngestionHarness.Now, CancellationToken.None);
        Assert.Equal(150 * 1.0 / 60, quarters.Sum(r => r.EnergyImportedKwh), 9);
    }

    [Fact]
    public async Task A_concurrent_writer_makes_the_commit_retry_without_double_counting()
    {
        var ledgers = new ConflictOnceLedgerStore(new InMemoryTelemetryLedgerStore());
        var harness = await new IngestionHarness(ledgers).WithDevicesAsync(TestDevices.Battery("b1"));

        var report = await harness.IngestAsync(harness.Event("b1", IngestionHarness.Reading(1, 2, 4.8)));

        Assert.Equal(1, report.Counted);
        Assert.Equal(2, ledgers.CommitAttempts);
        Assert.Equal(0.08, (await harness.QuartersAsync("b1")).Single().EnergyImportedKwh, 9);
    }

    [Fact]
    public async Task The_latest_state_is_the_newest_reading_whatever_the_arrival_order()
    {
        var harness = await new IngestionHarness().WithDevicesAsync(TestDevices.Battery("b1"));

        await harness.IngestAsync(harness.Event("b1", IngestionHarness.Reading(10, 1, 2.0, soc: 70)));
        await harness.IngestAsync(harness.Event("b1", IngestionHarness.Reading(9, 2, 2.0, soc: 60)));

        var device = await harness.Fleet.FindFleetDeviceAsync("demo", "b1", CancellationToken.None);
        Assert.Equal(70, device!.Latest!.Value.StateOfChargePct);
    }

    [Fact]
    public async Task A_failing_device_leaves_the_devices_still_in_flight_to_count_their_own_readings_before_the_batch_fails()
    {
        var ledgers = new SlowAndFailingLedgerStore(new InMemoryTelemetryLedgerStore(), slowDevice: "slow", failingDevice: "bad");
        var harness = await new IngestionHarness(ledgers).WithDevicesAsync(TestDevices.Battery("bad"), TestDevices.Battery("slow"));

        // "bad" fails while "slow" still waits on its store: the batch fails, and "slow" must not count a message of a
        // batch whose memory has gone back to the pool.
        await Assert.ThrowsAsync<IOException>(() => harness.IngestAsync(
            harness.Event("bad", IngestionHarness.Reading(1, 2, 3.0)), harness.Event("slow", IngestionHarness.Reading(1, 2, 4.8))));
        await Task.Delay(SlowAndFailingLedgerStore.Delay * 2);

        var everything = await harness.Ledgers.ReadRollupsAsync("slow", RollupResolution.FifteenMinutes, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);
        Assert.Equal(0.08, everything.Single().EnergyImportedKwh, 9);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 15, 0, TimeSpan.Zero), everything.Single().IntervalStart);
    }

    /// <summary>Fails the first commit as if another instance had written the ledger meanwhile.</summary>
    private sealed class ConflictOnceLedgerStore(ITelemetryLedgerStore inner) : ITelemetryLedgerStore
    {
        public int CommitAttempts { get; private set; }

        public int MaxHoursPerCommit => inner.MaxHoursPerCommit;

        public ValueTask LoadAsync(LedgerWorkspace workspace, CancellationToken cancellationToken) => inner.LoadAsync(workspace, cancellationToken);

        public ValueTask CommitAsync(LedgerWorkspace workspace, CancellationToken cancellationToken) =>
            ++CommitAttempts == 1 ? throw new LedgerConflictException("simulated concurrent writer") : inner.CommitAsync(workspace, cancellationToken);

        public void Evict(string deviceId, string month) => inner.Evict(deviceId, month);

        public Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken) =>
            inner.ReadRollupsAsync(deviceId, resolution, fromInclusive, toExclusive, cancellationToken);
    }

    /// <summary>Answers one device's loads late and fails another's, as a storage call that times out does.</summary>
    private sealed class SlowAndFailingLedgerStore(ITelemetryLedgerStore inner, string slowDevice, string failingDevice) : ITelemetryLedgerStore
    {
        public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(200);

        public int MaxHoursPerCommit => inner.MaxHoursPerCommit;

        public async ValueTask LoadAsync(LedgerWorkspace workspace, CancellationToken cancellationToken)
        {
            if (workspace.DeviceId == failingDevice)
            {
                await Task.Yield();
                throw new IOException("simulated storage failure");
            }

            if (workspace.DeviceId == slowDevice)
            {
                await Task.Delay(Delay, CancellationToken.None);
            }

            await inner.LoadAsync(workspace, cancellationToken);
        }

        public ValueTask CommitAsync(LedgerWorkspace workspace, CancellationToken cancellationToken) => inner.CommitAsync(workspace, cancellationToken);

        public void Evict(string deviceId, string month) => inner.Evict(deviceId, month);

        public Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken) =>
            inner.ReadRollupsAsync(deviceId, resolution, fromInclusive, toExclusive, cancellationToken);
    }
}
