using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vpp.Application.Devices;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;
using Vpp.Infrastructure.Storage;
using Vpp.Infrastructure.Tables;
using Vpp.LocalHost.Azurite;

namespace Vpp.Benchmarks;

/// <summary>
/// What the local stack's storage lets ingestion do at most: the ingestion path against the table stores on fresh
/// Azurites (the main account and the telemetry ledger's, as the local stack runs them), fed batches shaped as device-sim at full speed sends them by one consumer per partition (the local Event Hub
/// has four), with no simulator, device endpoint or hub in between. <c>ingest-e2e</c> on the same machine the same day
/// reads against this figure.
/// </summary>
public static class IngestCeilingBenchmark
{
    private const int BatchSize = 1000;
    private const int ReadingsPerSend = 50;

    public static async Task<int> RunAsync(int devices, double seconds, int partitions)
    {
        var state = Directory.CreateTempSubdirectory("vpp-ceiling-");
        try
        {
            // The local stack's storage: the telemetry ledger in an Azurite of its own (ADR 0032).
            await using var azurite = await AzuriteProcess.StartAsync(Path.Combine(state.FullName, "main"));
            await using var telemetry = await AzuriteProcess.StartAsync(Path.Combine(state.FullName, "telemetry"));
            var tables = new StorageTables(StorageAccount.FromConnectionString(azurite.ConnectionString), StorageAccount.FromConnectionString(telemetry.ConnectionString));
            await tables.CreateAllAsync(CancellationToken.None);
            var fleet = new TableFleetStore(tables);
            var ids = Enumerable.Range(0, devices).Select(d => "ceiling-" + d.ToString("D5", CultureInfo.InvariantCulture)).ToArray();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
                await fleet.SaveAsync(new DeviceRegistration(id, "ceiling", DeviceType.Battery,
                    new DeviceRatings { MaxImportKw = 5, MaxExportKw = 5, EnergyCapacityKwh = 13.5, BackupReservePct = 20 }), ct));

            var clock = TimeProvider.System;
            var ingestion = new TelemetryIngestion(new CachedDeviceLookup(fleet), new TableTelemetryLedgerStore(tables.TelemetryLedger), fleet, new TableIngestionProgressStore(tables),
                new TableDeadLetterStore(tables), clock, new TelemetryValidator());

            // Each consumer owns a slice of the devices, as a partition key does. Each device sends its readings fifty
            // minutes at a time, as device-sim at full speed does, going forward from six days ago so every reading is
            // within the validator's backlog.
            var start = clock.GetUtcNow().AddDays(-6);
            var counted = new long[partitions];
            var steps = new long[partitions];
            var slices = Enumerable.Range(0, partitions).Select(p => ids.Where((_, d) => d % partitions == p).ToArray()).ToArray();
            async Task SendRoundAsync(int p, Func<bool> more)
            {
                const int devicesPerBatch = BatchSize / ReadingsPerSend;
                for (var first = 0; first < slices[p].Length && more(); first += devicesPerBatch)
                {
                    var batch = slices[p].Skip(first).Take(devicesPerBatch)
                        .SelectMany(id => Enumerable.Range(0, ReadingsPerSend).Select(k => Event(id, p, steps[p] + k, start)))
                        .ToArray();
                    counted[p] += (await ingestion.IngestAsync(batch, CancellationToken.None)).Counted;
                }

                steps[p] += ReadingsPerSend;
            }

            // One untimed round over every device first: a worker that runs for hours has its registrations and ledgers cached.
            await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => Task.Run(() => SendRoundAsync(p, () => true))));
            var warmed = counted.Sum();
            var deadline = Stopwatch.StartNew();
            bool More() => deadline.Elapsed.TotalSeconds < seconds;
            await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => Task.Run(async () =>
            {
                while (More())
                {
                    await SendRoundAsync(p, More);
                }
            })));
            deadline.Stop();

            var total = counted.Sum();
            var timed = total - warmed;
            var stored = await IngestEndToEndBenchmark.CountedAsync(tables.TelemetryLedger);
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT events={timed} events_per_s={timed / deadline.Elapsed.TotalSeconds:0} warm_up_events={warmed} stored={stored} lost={Math.Max(0, total - stored)} duplicated={Math.Max(0, stored - total)} devices={devices} partitions={partitions} seconds={deadline.Elapsed.TotalSeconds:0.0}"));
            return stored == total ? 0 : 1;
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static TelemetryEvent Event(string deviceId, int partition, long step, DateTimeOffset start)
    {
        var timestamp = start.AddMinutes(step);
        var body = Encoding.UTF8.GetBytes(FormattableString.Invariant(
            $"{{\"schemaVersion\":1,\"sequence\":{step},\"timestamp\":\"{timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"intervalSeconds\":60,\"deviceType\":\"battery\",\"powerKw\":1.5,\"stateOfChargePct\":60}}"));
        return new TelemetryEvent(body, deviceId, partition.ToString(CultureInfo.InvariantCulture), step, timestamp);
    }
}
