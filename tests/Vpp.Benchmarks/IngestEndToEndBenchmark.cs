using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Infrastructure.Tables;
using Vpp.LocalHost.Hosting;

namespace Vpp.Benchmarks;

/// <summary>
/// The local stack end to end: Azurite, the local runner and device-sim at full speed in its own process, for a
/// fixed wall time. Counts what reached the rollups in storage against what the hub accepted.
/// </summary>
public static class IngestEndToEndBenchmark
{
    public static async Task<int> RunAsync(int devices, double seconds)
    {
        await using var runner = await LocalRunner.StartAsync(new LocalRunnerOptions { Port = 0, Speed = 1, RunTimers = false });
        runner.Ingestion!.RecordLag = true;

        await using var simulator = await SimulatorProcess.StartAsync(runner,
            new SimulatorArguments(devices, 60, 1) { MaxSpeed = true, DurationSeconds = seconds, FollowDesired = false }, CancellationToken.None);
        var started = await simulator.Registered.WaitAsync(TimeSpan.FromMinutes(10));
        var watch = Stopwatch.StartNew();
        var sent = await simulator.Finished.WaitAsync(TimeSpan.FromSeconds(seconds + 600));
        if (sent < 0)
        {
            Console.Error.WriteLine("device-sim exited without a result");
            return 1;
        }

        var drainLimit = Stopwatch.StartNew();
        while (runner.Ingestion.Delivered < sent && drainLimit.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(50);
        }

        watch.Stop();
        var counted = await CountedAsync(runner.Services.GetRequiredService<StorageTables>().TelemetryLedger);
        var lags = runner.Ingestion.LagSeconds.Order().ToList();
        var p99 = lags.Count == 0 ? double.NaN : lags[(int)Math.Min(lags.Count - 1, Math.Ceiling(lags.Count * 0.99) - 1)];
        var lost = Math.Max(0, sent - counted);
        var duplicated = Math.Max(0, counted - sent);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT events={counted} events_per_s={counted / watch.Elapsed.TotalSeconds:0} lost={lost} duplicated={duplicated} lag_p99_s={p99:0.000} devices={devices} seconds={watch.Elapsed.TotalSeconds:0.0} sent={sent} started={started:O}"));
        return lost == 0 && duplicated == 0 ? 0 : 1;
    }

    /// <summary>Events counted = samples in every 15-minute rollup in storage.</summary>
    internal static async Task<long> CountedAsync(TableClient table)
    {
        long samples = 0;
        await foreach (var row in table.QueryAsync<TableEntity>("RowKey ge 'h|' and RowKey lt 'h}'", 1000, ["Hour", "Quarters"]))
        {
            samples += HourRollupBlock.Decode(row.GetDateTimeOffset("Hour")!.Value, null, row.GetBinary("Quarters")).Rollups.Values.Sum(v => v.SampleCount);
        }

        return samples;
    }
}
