using System.Globalization;
using Vpp.Benchmarks;
using Vpp.Domain.Calendar;
using Vpp.Infrastructure.Optimization;

// dotnet run -c Release --project tests/Vpp.Benchmarks -- <name> [options]
//   ingest      [--events 1000000] [--devices 10000] [--batch 1000]
//   ingest-e2e  [--devices 5000] [--seconds 60]
//   ingest-ceiling [--devices 5000] [--seconds 30] [--partitions 4]
//   orchestration-throughput [--instances 500]   (durable probes through the local durable stack on Azurite)
//   optimize    [--devices 100000] [--seed 1]   (mixed fleet, peak shaving)
//   optimize-gap [--devices 1000] [--seed 1] [--mip-engine CBC|HIGHS|SCIP]   (aggregated against exact)
//   dispatch-tracking [--devices 2000] [--seed 1]   (a pushed plan against what the simulated fleet then draws)
//   dispatch-event [--devices 2000] [--speed 15] [--lower-target before|during]   (a 3-hour evening reduction on the local stack with the simulated fleet, fast clock; its target lowered to 60 % of the first plan before the start or once it is under way)
//   dispatch-fanout [--devices 100000] [--units 4]   (an event's twin commands through the IoT Hub adapter against a fake S3 hub's throttle)
//   dispatch-watch [--devices 100000] [--rounds 3]   (one minute of an event's delivery watch on the local stack's table stores)
//   settlement  [--enrollments 100000] [--events 8] [--batch 1000]   (last month's run on the local stack: statements, approval, Stripe.net transfers into the fake Stripe, exports)
//   schedule-run [--devices 100000] [--seed 1] [--fleet-store memory|tables]   (ScheduleOptimize's intraday run on Azurite, and reading its device plans back)
//   pv-backtest [--power <csv>] [--weather <csv>] [--array lat,lon,tilt,azimuth] [--resolution 1h] [--test-days 28]   (defaults: SERF East and its PSM3 weather)
//   forecast-backtest --load <csv[.gz]> [--temperature <csv[.gz]>] [--resolution 1h] [--test-days 28] [--time-zone IANA] [--holidays us-nerc|us-ca-iou|gb-england-wales|none]
// Each prints one RESULT line and exits non-zero if what it measured was wrong.
string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, "--" + name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

return args.FirstOrDefault() switch
{
    "ingest" => await IngestBenchmark.RunAsync(
        long.Parse(Option("events", "1000000"), CultureInfo.InvariantCulture),
        int.Parse(Option("devices", "10000"), CultureInfo.InvariantCulture),
        int.Parse(Option("batch", "1000"), CultureInfo.InvariantCulture)),
    "ingest-e2e" => await IngestEndToEndBenchmark.RunAsync(
        int.Parse(Option("devices", "5000"), CultureInfo.InvariantCulture),
        double.Parse(Option("seconds", "60"), CultureInfo.InvariantCulture)),
    "ingest-ceiling" => await IngestCeilingBenchmark.RunAsync(
        int.Parse(Option("devices", "5000"), CultureInfo.InvariantCulture),
        double.Parse(Option("seconds", "30"), CultureInfo.InvariantCulture),
        int.Parse(Option("partitions", "4"), CultureInfo.InvariantCulture)),
    "orchestration-throughput" => await OrchestrationThroughputBenchmark.RunAsync(int.Parse(Option("instances", "500"), CultureInfo.InvariantCulture)),
    "forecast-backtest" => ForecastBacktestBenchmark.Run(
        Option("load", string.Empty) is { Length: > 0 } load ? load : throw new ArgumentException("--load is required"),
        Array.IndexOf(args, "--temperature") >= 0 ? Option("temperature", string.Empty) : null,
        ForecastBacktestBenchmark.ParseResolution(Option("resolution", "1h")),
        int.Parse(Option("test-days", "28"), CultureInfo.InvariantCulture),
        Array.IndexOf(args, "--time-zone") >= 0 ? Option("time-zone", "UTC") : null,
        HolidayCalendar.Find(Option("holidays", HolidayCalendar.UsNercId)) ?? throw new ArgumentException("--holidays is one of " + string.Join(", ", HolidayCalendar.All.Select(c => c.Id)))),
    "pv-backtest" => PvBacktestBenchmark.Run(
        Option("power", SharedData("pvdaq-pv-telemetry/serf_east_15min_ac_power.csv")),
        Option("weather", SharedData("pvdaq-pv-telemetry/serf_east_psm3_data.csv")),
        Option("array", PvBacktestBenchmark.SerfEastArray),
        ForecastBacktestBenchmark.ParseResolution(Option("resolution", "1h")),
        int.Parse(Option("test-days", "28"), CultureInfo.InvariantCulture)),
    "optimize" => OptimizeBenchmark.Run(
        int.Parse(Option("devices", "100000"), CultureInfo.InvariantCulture),
        int.Parse(Option("seed", "1"), CultureInfo.InvariantCulture)),
    "optimize-gap" => OptimizeBenchmark.RunGap(
        int.Parse(Option("devices", "1000"), CultureInfo.InvariantCulture),
        int.Parse(Option("seed", "1"), CultureInfo.InvariantCulture),
        Option("mip-engine", OrToolsSolver.Cbc)),
    "dispatch-tracking" => DispatchTrackingBenchmark.Run(
        int.Parse(Option("devices", "2000"), CultureInfo.InvariantCulture),
        int.Parse(Option("seed", "1"), CultureInfo.InvariantCulture)),
    "schedule-run" => await ScheduleRunBenchmark.RunAsync(
        int.Parse(Option("devices", "100000"), CultureInfo.InvariantCulture),
        int.Parse(Option("seed", "1"), CultureInfo.InvariantCulture),
        Option("fleet-store", "memory") switch
        {
            "memory" => false,
            "tables" => true,
            var other => throw new ArgumentException($"--fleet-store is memory or tables, not '{other}'"),
        }),
    "dispatch-event" => await DispatchEventBenchmark.RunAsync(
        int.Parse(Option("devices", "2000"), CultureInfo.InvariantCulture),
        double.Parse(Option("speed", "15"), CultureInfo.InvariantCulture),
        Option("lower-target", "before") switch
        {
            "before" => false,
            "during" => true,
            var other => throw new ArgumentException($"--lower-target is before or during, not '{other}'"),
        }),
    "dispatch-fanout" => await DispatchFanoutBenchmark.RunAsync(
        int.Parse(Option("devices", "100000"), CultureInfo.InvariantCulture),
        int.Parse(Option("units", "4"), CultureInfo.InvariantCulture)),
    "dispatch-watch" => await DispatchWatchBenchmark.RunAsync(
        int.Parse(Option("devices", "100000"), CultureInfo.InvariantCulture),
        int.Parse(Option("rounds", "3"), CultureInfo.InvariantCulture)),
    "settlement" => await SettlementBenchmark.RunAsync(
        int.Parse(Option("enrollments", "100000"), CultureInfo.InvariantCulture),
        int.Parse(Option("events", "8"), CultureInfo.InvariantCulture),
        int.Parse(Option("batch", "1000"), CultureInfo.InvariantCulture)),
    _ => Usage(),
};

// Data files are read from ../shared/data beside the repository (see its README).
static string SharedData(string relative)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var path = Path.Combine(dir.FullName, "shared", "data", relative);
        if (File.Exists(path))
        {
            return path;
        }
    }

    throw new FileNotFoundException($"shared/data/{relative} not found");
}

static int Usage()
{
    Console.Error.WriteLine("usage: Vpp.Benchmarks ingest [--events N] [--devices N] [--batch N] | ingest-e2e [--devices N] [--seconds N] | ingest-ceiling [--devices N] [--seconds N] [--partitions N] | orchestration-throughput [--instances N] | forecast-backtest --load CSV [--temperature CSV] [--resolution 1h] [--test-days 28] [--time-zone IANA] [--holidays us-nerc|us-ca-iou|gb-england-wales|none] | pv-backtest [--power CSV] [--weather CSV] [--array lat,lon,tilt,azimuth] [--resolution 1h] [--test-days 28] | optimize [--devices N] [--seed N] | optimize-gap [--devices N] [--seed N] [--mip-engine CBC|HIGHS|SCIP] | dispatch-tracking [--devices N] [--seed N] | schedule-run [--devices N] [--seed N] [--fleet-store memory|tables] | dispatch-event [--devices N] [--speed N] [--lower-target before|during] | dispatch-fanout [--devices N] [--units N] | dispatch-watch [--devices N] [--rounds N]");
    return 2;
}
