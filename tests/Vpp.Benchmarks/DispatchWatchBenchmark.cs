using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Telemetry;
using Vpp.Infrastructure.Tables;
using Vpp.LocalHost.Hosting;

namespace Vpp.Benchmarks;

/// <summary>
/// dispatch-watch: one minute of an event's delivery watch (<see cref="DeliveryMonitor"/>, the activity the orchestration
/// runs every minute) for an event that commanded every device of a program, on the local stack's table stores in
/// Azurite. The watch must finish well inside its minute. Prints the minute's time (median of
/// <c>rounds</c>) and what each of its reads costs on its own: the plan's parts, the program's fleet with latest
/// readings, the devices sent the shed command.
/// </summary>
public static class DispatchWatchBenchmark
{
    private const string ProgramId = "bench-watch";
    private const string EventId = "bench-watch-ev";

    public static async Task<int> RunAsync(int devices, int rounds)
    {
        await using var runner = await LocalRunner.StartAsync(new LocalRunnerOptions { Port = 0, RunTimers = false });
        var services = runner.Services;
        var minuteEnd = new DateTimeOffset(runner.Clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var setup = Stopwatch.StartNew();
        await SeedAsync(services, devices, minuteEnd);
        Console.WriteLine(FormattableString.Invariant($"seeded {devices} devices, their parts and shed commands in {setup.Elapsed.TotalSeconds:0.0} s"));

        var monitor = services.GetRequiredService<DeliveryMonitor>();
        var minutes = new List<(double Seconds, DeliveryMinute Minute)>();
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            var minute = await monitor.MeasureAsync(new DeliveryMeasurement(ProgramId, EventId, minuteEnd), CancellationToken.None);
            minutes.Add((watch.Elapsed.TotalSeconds, minute));
        }

        var parts = await TimedAsync(() => services.GetRequiredService<IDispatchPlanStore>().ListAsync(EventId, CancellationToken.None));
        var fleet = await TimedAsync(() => services.GetRequiredService<IDeviceRegistry>().ListFleetAsync(ProgramId, CancellationToken.None));
        var sent = await TimedAsync(() => services.GetRequiredService<IDeviceCommandLedger>().SentAsync(EventId, DispatchStep.Shed, CancellationToken.None));
        var median = minutes.OrderBy(m => m.Seconds).ElementAt(minutes.Count / 2);
        var last = minutes[^1].Minute;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} minute_seconds={median.Seconds:0.00} minute_seconds_max={minutes.Max(m => m.Seconds):0.00} rounds={rounds} parts_seconds={parts.Seconds:0.00} fleet_seconds={fleet.Seconds:0.00} sent_seconds={sent.Seconds:0.00} commanded={last.Commanded} reporting={last.Reporting} delivered_kw={last.DeliveredKw:0.0}"));
        return last.Commanded == devices && last.Reporting == devices && parts.Result.Count == devices && fleet.Result.Count == devices && sent.Result.Count == devices ? 0 : 1;
    }

    private static async Task<(double Seconds, T Result)> TimedAsync<T>(Func<Task<T>> read)
    {
        var watch = Stopwatch.StartNew();
        var result = await read();
        return (watch.Elapsed.TotalSeconds, result);
    }

    /// <summary>
    /// The program's batteries, each discharging 4 kW below a 1 kW baseline and reporting 3 kW a minute ago; an event of
    /// three hours that began half an hour ago with every device its participant and sent the shed command; ingestion caught
    /// up to the minute. Rows in the stores' own formats, a hundred to a transaction where the store would write one by one.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, int count, DateTimeOffset minuteEnd)
    {
        await services.GetRequiredService<IProgramStore>().SaveAsync(new VppProgram(ProgramId, "Watch benchmark", "America/Los_Angeles", 60), CancellationToken.None);
        var registrations = Enumerable.Range(0, count)
            .Select(i => new DeviceRegistration(FormattableString.Invariant($"bat-{i:000000}"), ProgramId, DeviceType.Battery, new DeviceRatings { MaxExportKw = 5, MaxImportKw = 5, EnergyCapacityKwh = 13.5 },
                FormattableString.Invariant($"cust-{i:000000}"), EnrolledOn: new DateOnly(2026, 1, 1)))
            .ToList();
        var tables = services.GetRequiredService<StorageTables>();
        var fleetRows = registrations.Select(d => new TableEntity(TableShards.PartitionOf(ProgramId, d.DeviceId), d.DeviceId) { ["Registration"] = StoredJson.Write(d) });
        await Parallel.ForEachAsync(fleetRows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(TableRows.MaxBatchOperations)), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            (rows, ct) => new ValueTask(tables.Fleet.UpsertReplaceAllAsync(rows, ct)));
        var reported = minuteEnd.AddMinutes(-1);
        // A thousand readings at a time, as ingestion's batches bring them.
        foreach (var batch in registrations.Chunk(1000))
        {
            await services.GetRequiredService<ILatestStateStore>().UpdateAsync(
                [.. batch.Select(d => new IngestedReading(d, new LatestReading(1, reported, 60, -3.0, null, null, 60, null, null, null, null, null), "0"))], CancellationToken.None);
        }
        await services.GetRequiredService<IIngestionProgressStore>().RecordAsync([new IngestionProgress("0", minuteEnd)], CancellationToken.None);

        var start = minuteEnd.AddMinutes(-30);
        var (dispatchEvent, _) = DispatchEvent.Create(EventId, ProgramId, DispatchEventKind.Reduce, start, start.AddHours(3), null, [DeviceType.Battery], null,
            DispatchNotice.DayAhead, isTest: false, "bench", proposed: false, "benchmark", start.AddDays(-1));
        await services.GetRequiredService<IDispatchEventStore>().AddAsync(dispatchEvent!, CancellationToken.None);
        var ids = registrations.Select(d => d.DeviceId).ToList();
        var parts = registrations.Select(d => new DispatchAssignment(d.DeviceId, d.CustomerId, DeviceType.Battery, DispatchRole.Participant, start, 5,
            [.. Enumerable.Repeat(-3.0, 36)], [.. Enumerable.Repeat(1.0, 36)], [.. Enumerable.Repeat(-5.0, 36)], null)).ToList();
        var plan = new DispatchPlan(EventId, 1, start.AddDays(-1), start, 5, null, 4.0 * count, count, 0, 0, count, count, 0, 0, "bench",
            DispatchBatches.Starts(ids, DispatchCommander.BatchSize), DispatchBatches.Starts(parts.Select(p => p.CustomerId!), CustomerNotifier.BatchSize));
        if (!await services.GetRequiredService<IDispatchPlanStore>().SaveAsync(plan, parts, [], CancellationToken.None))
        {
            throw new InvalidOperationException("the benchmark's plan was not saved");
        }

        var ledger = services.GetRequiredService<IDeviceCommandLedger>();
        foreach (var batch in ids.Chunk(DispatchCommander.BatchSize))
        {
            await ledger.RecordIntendedAsync(EventId, DispatchStep.Shed, batch, start, CancellationToken.None);
            await ledger.RecordSentAsync(EventId, DispatchStep.Shed, batch, start, CancellationToken.None);
        }
    }
}
