using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Devices;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;
using Vpp.TestSupport.Memory;

namespace Vpp.Benchmarks;

/// <summary>
/// The in-process batch path (parse, validate, de-duplicate, rollups; storage in memory) on one core, against a bare
/// System.Text.Json parse of the same messages. Batches of 1,000 events from 10,000 devices (every event in a batch from
/// a different device: the Event Hubs worst case), after an untimed warm-up of the same path on throwaway state. Fails if
/// any event is lost or counted twice.
/// </summary>
public static class IngestBenchmark
{
    private const long WarmUpEvents = 300_000;

    public static async Task<int> RunAsync(long events, int devices, int batchSize)
    {
        PinToOneCore();
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var perDevice = (int)Math.Ceiling(events / (double)devices);
        var start = now.AddMinutes(-perDevice - 1);
        var bodies = new byte[events][];
        var ids = new string[devices];
        var fleet = new InMemoryFleetStore();
        for (var d = 0; d < devices; d++)
        {
            ids[d] = "bench-" + d.ToString("D5", CultureInfo.InvariantCulture);
            await fleet.SaveAsync(new DeviceRegistration(ids[d], "bench", DeviceType.Battery,
                new DeviceRatings { MaxImportKw = 5, MaxExportKw = 5, EnergyCapacityKwh = 13.5, BackupReservePct = 20 }), CancellationToken.None);
        }

        for (long i = 0; i < events; i++)
        {
            var d = (int)(i % devices);
            var step = i / devices;
            var power = ((d % 10) - 4.5) * 0.8;
            bodies[i] = Encoding.UTF8.GetBytes(
                $"{{\"schemaVersion\":1,\"sequence\":{step},\"timestamp\":\"{start.AddMinutes(step).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"intervalSeconds\":60,\"deviceType\":\"battery\",\"powerKw\":{power.ToString(CultureInfo.InvariantCulture)},\"stateOfChargePct\":{50 + (d % 40)},\"solarKw\":null}}");
        }

        // Baseline: a bare System.Text.Json DOM parse of the same bytes, warmed up the same way.
        long touched = 0;
        foreach (var body in bodies.Take((int)Math.Min(events, WarmUpEvents)))
        {
            touched += SequenceParity(body);
        }

        touched = 0;
        var parseWatch = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            touched += SequenceParity(body);
        }

        parseWatch.Stop();

        var clock = new FakeTimeProvider(now);

        // Warm-up on throwaway state, untimed: a worker that ingests for hours runs the path after the JIT has
        // finished tiering it up, and so should the measurement.
        var warmUp = new TelemetryIngestion(new CachedDeviceLookup(fleet), new InMemoryTelemetryLedgerStore(), new InMemoryFleetStore(), new InMemoryDeadLetterStore(), clock, new TelemetryValidator(), maxParallelDevices: 1);
        for (long i = 0; i < Math.Min(events, WarmUpEvents); i += batchSize)
        {
            var first = i;
            _ = await warmUp.IngestAsync([.. Enumerable.Range(0, (int)Math.Min(batchSize, events - first)).Select(k => new TelemetryEvent(bodies[first + k], ids[(first + k) % devices], "0", first + k, now))], CancellationToken.None);
        }

        var ledgers = new InMemoryTelemetryLedgerStore();
        var ingestion = new TelemetryIngestion(new CachedDeviceLookup(fleet), ledgers, fleet, new InMemoryDeadLetterStore(), clock, new TelemetryValidator(), maxParallelDevices: 1);

        // The batches as the trigger delivers them, built before timing as the bodies are.
        var batches = new List<TelemetryEvent[]>();
        for (long i = 0; i < events; i += batchSize)
        {
            var first = i;
            batches.Add([.. Enumerable.Range(0, (int)Math.Min(batchSize, events - first)).Select(k => new TelemetryEvent(bodies[first + k], ids[(first + k) % devices], "0", first + k, now))]);
        }

        long counted = 0, duplicates = 0, rejected = 0;
        var pauseBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var ingestWatch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            var report = await ingestion.IngestAsync(batch, CancellationToken.None);
            counted += report.Counted;
            duplicates += report.Duplicates;
            rejected += report.DeadLetteredTotal;
        }

        ingestWatch.Stop();
        var gcPausePct = (GC.GetTotalPauseDuration() - pauseBefore) / ingestWatch.Elapsed * 100;
        var allocatedPerEvent = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)events;

        var samples = ledgers.AllRollups(RollupResolution.FifteenMinutes).Sum(r => r.SampleCount);
        var lost = events - counted;
        var duplicated = samples - counted;
        var eventsPerSecond = events / ingestWatch.Elapsed.TotalSeconds;
        var parsePerSecond = events / parseWatch.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT events={events} events_per_s={eventsPerSecond:0} json_parse_events_per_s={parsePerSecond:0} ratio={eventsPerSecond / parsePerSecond:0.000} lost={lost} duplicated={duplicated} rejected={rejected} cores=1 gc_pause_pct={gcPausePct:0.0} allocated_bytes_per_event={allocatedPerEvent:0} checksum={touched}"));
        return lost == 0 && duplicated == 0 && duplicates == 0 && rejected == 0 && samples == events ? 0 : 1;
    }

    private static long SequenceParity(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("sequence").GetInt64() & 1;
    }

    private static void PinToOneCore()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }
    }

}
