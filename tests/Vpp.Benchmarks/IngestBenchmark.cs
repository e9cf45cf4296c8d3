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
/// a different device: the Event Hubs worst case), after an untimed warm-up round of both on throwaway state, in rounds
/// whose median stands for the run. Fails if any event is lost or counted twice, or when the ratio falls below the guard
/// recorded in docs/benchmarks.md (<see cref="IngestGuard"/>).
/// </summary>
public static class IngestBenchmark
{
    private const int Rounds = 3;

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

        var clock = new FakeTimeProvider(now);

        // The batches as the trigger delivers them, built before timing as the bodies are.
        var batches = new List<TelemetryEvent[]>();
        for (long i = 0; i < events; i += batchSize)
        {
            var first = i;
            batches.Add([.. Enumerable.Range(0, (int)Math.Min(batchSize, events - first)).Select(k => new TelemetryEvent(bodies[first + k], ids[(first + k) % devices], "0", first + k, now))]);
        }

        // Each round times the reference parse and then the path on fresh ledgers: the two are measured side by side,
        // and the median round stands for the run (this machine's memory speed varies from minute to minute).
        // A first round is thrown away: a worker that ingests for hours runs the path (and a parser its own) after the
        // JIT has finished tiering it up with profile data, and so should the measurement.
        _ = await MeasureRoundAsync(bodies, batches, fleet, clock);
        var rounds = new List<Round>();
        for (var r = 0; r < Rounds; r++)
        {
            GC.Collect();
            rounds.Add(await MeasureRoundAsync(bodies, batches, fleet, clock));
        }

        var median = rounds.OrderBy(r => r.Ratio).ElementAt(rounds.Count / 2);
        var guard = IngestGuard.Check(devices, median.Ratio);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT events={events} devices={devices} events_per_s={median.EventsPerSecond:0} json_parse_events_per_s={median.ParsePerSecond:0} telemetry_parser_events_per_s={median.ParserPerSecond:0} ratio={median.Ratio:0.000} ratio_min={rounds.Min(r => r.Ratio):0.000} ratio_max={rounds.Max(r => r.Ratio):0.000} rounds={Rounds} lost={rounds.Max(r => r.Lost)} duplicated={rounds.Max(r => r.Duplicated)} rejected={rounds.Max(r => r.Rejected)} cores=1 gc_pause_pct={median.GcPausePct:0.0} allocated_bytes_per_event={median.AllocatedPerEvent:0} checksum={median.Checksum} guard={guard.Verdict}"));
        if (guard.Message is not null)
        {
            Console.Error.WriteLine(guard.Message);
        }

        var intact = rounds.All(r => r.Lost == 0 && r.Duplicated == 0 && r.SeenTwice == 0 && r.Rejected == 0);
        return intact && guard.Passed ? 0 : 1;
    }

    private static async Task<Round> MeasureRoundAsync(byte[][] bodies, List<TelemetryEvent[]> batches, InMemoryFleetStore fleet, FakeTimeProvider clock)
    {
        // Baseline: a bare System.Text.Json DOM parse of the same bytes.
        long checksum = 0;
        var parseWatch = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            checksum += SequenceParity(body);
        }

        parseWatch.Stop();

        // The path's own parser alone (no device, no ledger): how much of the path is reading JSON at all.
        long parserChecksum = 0;
        var parserWatch = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            parserChecksum += TelemetryParser.Parse(body, out var message, out _) == RejectionReason.None ? message.Sequence & 1 : 0;
        }

        parserWatch.Stop();
        if (parserChecksum != checksum)
        {
            throw new InvalidOperationException($"the telemetry parser read sequences whose parity sums to {parserChecksum}, the reference parse {checksum}");
        }

        var ledgers = new InMemoryTelemetryLedgerStore();
        var ingestion = new TelemetryIngestion(new CachedDeviceLookup(fleet), ledgers, fleet, new InMemoryIngestionProgressStore(), new InMemoryDeadLetterStore(), clock, new TelemetryValidator(), maxParallelDevices: 1);
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
        var events = bodies.LongLength;
        var samples = ledgers.AllRollups(RollupResolution.FifteenMinutes).Sum(r => r.SampleCount);
        return new Round(
            events / ingestWatch.Elapsed.TotalSeconds,
            events / parseWatch.Elapsed.TotalSeconds,
            events / parserWatch.Elapsed.TotalSeconds,
            (GC.GetTotalPauseDuration() - pauseBefore) / ingestWatch.Elapsed * 100,
            (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)events,
            Lost: events - counted,
            Duplicated: samples - counted,
            duplicates,
            rejected,
            checksum);
    }

    private sealed record Round(double EventsPerSecond, double ParsePerSecond, double ParserPerSecond, double GcPausePct, double AllocatedPerEvent, long Lost, long Duplicated, long SeenTwice, long Rejected, long Checksum)
    {
        public double Ratio => EventsPerSecond / ParsePerSecond;
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
