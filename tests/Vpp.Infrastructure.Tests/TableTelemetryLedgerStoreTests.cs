using Microsoft.Extensions.Time.Testing;
using Azure.Data.Tables;
using Vpp.Application.Devices;
using Vpp.Application.Telemetry;
using Vpp.Application.Tests;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Tests;
using Vpp.TestSupport.Memory;
using Vpp.Infrastructure.Storage;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

public sealed class TableTelemetryLedgerStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] DeviceIds = ["b1", "b2", "b3", "b4", "b5", "b6"];

    private async Task<TableClient> NewLedgerTableAsync()
    {
        var table = azurite.Account.Table(AzuriteFixture.UniqueName("ledger"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static async Task<TelemetryIngestion> IngestionAsync(ITelemetryLedgerStore ledgers, InMemoryFleetStore fleet)
    {
        foreach (var id in DeviceIds)
        {
            await fleet.SaveAsync(TestDevices.Battery(id), CancellationToken.None);
        }

        var clock = new FakeTimeProvider(IngestionHarness.Now);
        return new TelemetryIngestion(new CachedDeviceLookup(fleet), ledgers, fleet, new InMemoryIngestionProgressStore(), new InMemoryDeadLetterStore(), clock, new TelemetryValidator());
    }

    private static TelemetryEvent[] Batch() =>
        DeviceIds.SelectMany((id, d) => Enumerable.Range(0, 45).Select(i => new TelemetryEvent(
                IngestionHarness.Reading(1000 + i, 45 - i, (d + 1) * 0.5 * (i % 2 == 0 ? 1 : -1)).Bytes(), id, "0", (d * 100) + i, IngestionHarness.Now)))
            .ToArray();

    private static async Task<List<(string, DateTimeOffset, double, double, long)>> SnapshotAsync(TableTelemetryLedgerStore store)
    {
        var rows = new List<(string, DateTimeOffset, double, double, long)>();
        foreach (var id in DeviceIds)
        {
            foreach (var resolution in new[] { RollupResolution.OneMinute, RollupResolution.FifteenMinutes })
            {
                foreach (var r in await store.ReadRollupsAsync(id, resolution, IngestionHarness.Now.AddHours(-2), IngestionHarness.Now.AddHours(1), CancellationToken.None))
                {
                    rows.Add((id + (int)resolution, r.IntervalStart, Math.Round(r.EnergyImportedKwh, 9), Math.Round(r.EnergyExportedKwh, 9), r.SampleCount));
                }
            }
        }

        return rows.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2).ToList();
    }

    [Fact]
    public async Task Replaying_a_batch_leaves_the_same_rollups_in_storage()
    {
        var store = new TableTelemetryLedgerStore(await NewLedgerTableAsync());
        var ingestion = await IngestionAsync(store, new InMemoryFleetStore());

        var first = await ingestion.IngestAsync(Batch(), CancellationToken.None);
        var once = await SnapshotAsync(store);
        var replay = await ingestion.IngestAsync(Batch(), CancellationToken.None);

        Assert.Equal(270, first.Counted);
        Assert.Equal(0, replay.Counted);
        Assert.Equal(270, replay.Duplicates);
        Assert.Equal(once, await SnapshotAsync(store));
        Assert.Equal(DeviceIds.Length * (45 + 3), once.Count); // 45 one-minute rows and 3 quarter hours per device
    }

    [Fact]
    public async Task Crashing_half_way_and_replaying_on_a_fresh_instance_equals_processing_once()
    {
        var control = new TableTelemetryLedgerStore(await NewLedgerTableAsync());
        await (await IngestionAsync(control, new InMemoryFleetStore())).IngestAsync(Batch(), CancellationToken.None);
        var expected = await SnapshotAsync(control);

        var table = await NewLedgerTableAsync();
        var crashing = new CrashAfterCommits(new TableTelemetryLedgerStore(table), commitsBeforeCrash: 3);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await (await IngestionAsync(crashing, new InMemoryFleetStore())).IngestAsync(Batch(), CancellationToken.None));
        Assert.NotEmpty(await SnapshotAsync(new TableTelemetryLedgerStore(table)));

        // A new process: empty caches, same storage; the event hub delivers the batch again.
        var restarted = new TableTelemetryLedgerStore(table);
        var replay = await (await IngestionAsync(restarted, new InMemoryFleetStore())).IngestAsync(Batch(), CancellationToken.None);

        Assert.Equal(expected, await SnapshotAsync(restarted));
        Assert.Equal(270, replay.Counted + replay.Duplicates);
        Assert.True(replay.Duplicates > 0);
    }

    [Fact]
    public async Task A_stale_cache_loses_the_etag_race_and_the_retry_counts_once()
    {
        var table = await NewLedgerTableAsync();
        var instanceA = new TableTelemetryLedgerStore(table);
        var instanceB = new TableTelemetryLedgerStore(table);
        var fleet = new InMemoryFleetStore();
        var a = await IngestionAsync(instanceA, fleet);
        var b = await IngestionAsync(instanceB, fleet);
        TelemetryEvent Event(long seq) => new(IngestionHarness.Reading(seq, 10 - (int)seq, 1.2).Bytes(), "b1", "0", seq, IngestionHarness.Now);

        await a.IngestAsync([Event(1)], CancellationToken.None); // A caches the ledger
        await b.IngestAsync([Event(2)], CancellationToken.None); // B writes behind A's back
        var report = await a.IngestAsync([Event(3), Event(2)], CancellationToken.None);

        Assert.Equal((1, 1), (report.Counted, report.Duplicates));
        var quarter = (await instanceA.ReadRollupsAsync("b1", RollupResolution.FifteenMinutes, IngestionHarness.Now.AddHours(-1), IngestionHarness.Now, CancellationToken.None)).Single();
        Assert.Equal(3, quarter.SampleCount);
        Assert.Equal(3 * 1.2 / 60, quarter.EnergyImportedKwh, 9);
    }

    [Fact]
    public async Task A_counter_reset_is_stored_so_a_new_instance_still_recognises_replays_from_before_and_after_it()
    {
        var table = await NewLedgerTableAsync();
        TelemetryEvent Event(long seq, int minutesAgo) => new(IngestionHarness.Reading(seq, minutesAgo, 2.4).Bytes(), "b1", "0", seq, IngestionHarness.Now);
        var beforeReboot = Enumerable.Range(0, 10).Select(i => Event(40_000 + i, 30 - i)).ToArray();
        var afterReboot = Enumerable.Range(0, 10).Select(i => Event(i, 15 - i)).ToArray();
        var first = new TableTelemetryLedgerStore(table);
        await (await IngestionAsync(first, new InMemoryFleetStore())).IngestAsync(beforeReboot, CancellationToken.None);
        var rebooted = await (await IngestionAsync(first, new InMemoryFleetStore())).IngestAsync(afterReboot, CancellationToken.None);

        var restarted = new TableTelemetryLedgerStore(table);
        var replay = await (await IngestionAsync(restarted, new InMemoryFleetStore())).IngestAsync([.. beforeReboot, .. afterReboot], CancellationToken.None);

        Assert.Equal((10, 1), (rebooted.Counted, rebooted.CounterResets));
        Assert.Equal((0, 20), (replay.Counted, replay.Duplicates));
        var quarters = await restarted.ReadRollupsAsync("b1", RollupResolution.FifteenMinutes, IngestionHarness.Now.AddHours(-1), IngestionHarness.Now, CancellationToken.None);
        Assert.Equal(20, quarters.Sum(q => q.SampleCount));
        Assert.Equal(20 * 2.4 / 60, quarters.Sum(q => q.EnergyImportedKwh), 9);
    }

    [Fact]
    public async Task A_read_across_months_returns_the_device_own_quarters_in_order_and_no_neighbour_s()
    {
        var store = new TableTelemetryLedgerStore(await NewLedgerTableAsync());
        var fleet = new InMemoryFleetStore();
        string[] ids = ["b1", "b10", "b1_x"];
        foreach (var id in ids)
        {
            await fleet.SaveAsync(TestDevices.Battery(id), CancellationToken.None);
        }

        // Each device reports in October, November and December: the last minutes of a month and the first of the next,
        // each pair ingested within the week it is accepted.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero));
        var ingestion = new TelemetryIngestion(new CachedDeviceLookup(fleet), store, fleet, new InMemoryIngestionProgressStore(), new InMemoryDeadLetterStore(), clock, new TelemetryValidator());
        DateTimeOffset[] readings = [new(2026, 10, 31, 23, 50, 0, TimeSpan.Zero), new(2026, 11, 1, 0, 5, 0, TimeSpan.Zero), new(2026, 11, 30, 23, 40, 0, TimeSpan.Zero), new(2026, 12, 1, 0, 20, 0, TimeSpan.Zero)];
        TelemetryEvent[] Pair(int first) => [.. ids.SelectMany((id, d) => readings.Skip(first).Take(2).Select((at, i) => new TelemetryEvent(
            TelemetryJson.Valid().Sequence(first + i + 1).At(at).With("powerKw", d + 1.0).Bytes(), id, "0", (d * 10) + first + i, clock.GetUtcNow())))];
        Assert.Equal(6, (await ingestion.IngestAsync(Pair(0), CancellationToken.None)).Counted);
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(6, (await ingestion.IngestAsync(Pair(2), CancellationToken.None)).Counted);

        var quarters = await store.ReadRollupsAsync("b1", RollupResolution.FifteenMinutes, readings[0].AddMinutes(-5), new DateTimeOffset(2026, 12, 1, 0, 15, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal([new(2026, 10, 31, 23, 45, 0, TimeSpan.Zero), new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero)],
            quarters.Select(q => q.IntervalStart));
        Assert.All(quarters, q => Assert.Equal(1.0 / 60, q.EnergyImportedKwh, 9));
    }

    /// <summary>Lets some commits through, then dies like a killed process would.</summary>
    private sealed class CrashAfterCommits(ITelemetryLedgerStore inner, int commitsBeforeCrash) : ITelemetryLedgerStore
    {
        private int commits;

        public int MaxHoursPerCommit => inner.MaxHoursPerCommit;

        public ValueTask LoadAsync(LedgerWorkspace workspace, CancellationToken cancellationToken) => inner.LoadAsync(workspace, cancellationToken);

        public ValueTask CommitAsync(LedgerWorkspace workspace, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref commits) > commitsBeforeCrash
                ? throw new InvalidOperationException("process killed")
                : inner.CommitAsync(workspace, cancellationToken);

        public void Evict(string deviceId, string month) => inner.Evict(deviceId, month);

        public Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken) =>
            inner.ReadRollupsAsync(deviceId, resolution, fromInclusive, toExclusive, cancellationToken);
    }
}
