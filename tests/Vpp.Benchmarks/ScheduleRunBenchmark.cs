using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Devices;
using Vpp.Application.Optimization;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Telemetry;
using Vpp.DeviceSim;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Optimization;
using Vpp.Domain.Telemetry;
using Vpp.Infrastructure.DeviceHub;
using Vpp.TestSupport.Memory;
using Vpp.Infrastructure.Optimization;
using Vpp.Infrastructure.Storage;
using Vpp.Infrastructure.Tables;
using Vpp.LocalHost.Azurite;

namespace Vpp.Benchmarks;

/// <summary>
/// ScheduleOptimize's intraday run for one program of the simulated fleet, end to end on Azurite: read the fleet and
/// its habits, plan every device, store the schedule and its device plans; then read the plans back as the API does,
/// one device, one page and every page. Devices have just reported (all online) and there is no forecast yet, so the
/// baseline is the homes' latest load held and every device plans on its stand-in habits. The fleet registry is in
/// memory unless <c>--fleet-store tables</c>: Azurite's tables slow down as they grow (registering 30,000 devices took
/// 700 s, 10,000 took 39 s), which says nothing of Azure's. Exits non-zero if a device plan is infeasible or the pages
/// do not return every planned device once.
/// </summary>
public static class ScheduleRunBenchmark
{
    private const int SeedingRequests = 16;

    public static async Task<int> RunAsync(int devices, int seed, bool fleetInTables)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var tables = new StorageTables(StorageAccount.FromConnectionString(azurite.ConnectionString));
        await tables.CreateAllAsync(CancellationToken.None);
        var options = new SimulatorOptions { Devices = devices, Seed = seed };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var now = new DateTimeOffset(2026, 7, 15, 17, 0, 0, zone.GetUtcOffset(new DateTime(2026, 7, 15, 17, 0, 0))).ToUniversalTime();
        var clock = new FakeTimeProvider(now);
        var program = new VppProgram(options.ProgramId, "Benchmark", options.TimeZone, 60);
        var programs = new TableProgramStore(tables);
        await programs.SaveAsync(program, CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var (inTables, inMemory) = (new TableFleetStore(tables), new InMemoryFleetStore());
        (IDeviceRegistry Registry, ILatestStateStore Latest) fleet = fleetInTables ? (inTables, inTables) : (inMemory, inMemory);
        var registered = FleetFactory.Create(options).Select(d => (Device: new DeviceRegistration(d.DeviceId, program.ProgramId, d.Type, d.Ratings), Reading: d.Step(now.AddMinutes(-1), 60))).ToList();
        await Parallel.ForEachAsync(registered, new ParallelOptions { MaxDegreeOfParallelism = SeedingRequests }, async (d, ct) => await fleet.Registry.SaveAsync(d.Device, ct));
        await fleet.Latest.UpdateAsync([.. registered.Select(d => new IngestedReading(d.Device, new LatestReading(1, now.AddMinutes(-1), 60, d.Reading.PowerKw, d.Reading.SolarKw, d.Reading.SiteNetKw,
            d.Reading.StateOfChargePct, d.Reading.Plugged, d.Reading.SessionEnergyKwh, d.Reading.TankTemperatureC, d.Reading.IndoorTemperatureC, d.Reading.SetpointC), "0"))], CancellationToken.None);
        var seedSeconds = watch.Elapsed.TotalSeconds;

        var registry = new TimedRegistry(fleet.Registry);
        var schedules = new TimedScheduleStore(new TableScheduleStore(tables));
        var service = new ScheduleService(programs, registry, new TableIngestionProgressStore(tables), schedules, new TableForecastStore(tables), new TablePriceStore(tables), new TableDeviceHabitsStore(tables), new TableWeatherStore(tables), new TableOptOutStore(tables),
            new LocalDeviceHub(tables, new TwinChangeFeed(), clock), new FleetPlanner(new OrToolsSolver()), clock);
        watch.Restart();
        var schedule = await service.OptimizeAsync(program, CancellationToken.None);
        var runSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var one = await schedules.FindDevicePlanAsync(program.ProgramId, schedule.Date, schedule.Run, registered[devices / 2].Device.DeviceId, CancellationToken.None);
        var oneMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var page = await schedules.FindDevicePlansAsync(program.ProgramId, schedule.Date, schedule.Run, null, 1000, CancellationToken.None);
        var pageMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var read = new HashSet<string>(StringComparer.Ordinal);
        var pages = 0;
        for (DevicePlanPage? next = page; next is not null; next = next.Continuation is { } c ? await schedules.FindDevicePlansAsync(program.ProgramId, schedule.Date, schedule.Run, c, 1000, CancellationToken.None) : null)
        {
            pages++;
            read.UnionWith(next.Plans.Select(p => p.DeviceId));
        }

        var allPagesSeconds = watch.Elapsed.TotalSeconds;
        var planSeconds = runSeconds - registry.Seconds - schedules.SaveSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT fleet_store={(fleetInTables ? "tables" : "memory")} devices={devices} planned_devices={schedule.PlannedDevices} seconds={runSeconds:0.00} fleet_read_seconds={registry.Seconds:0.00} plan_seconds={planSeconds:0.00} save_seconds={schedules.SaveSeconds:0.00} one_device_ms={oneMs:0} page_1000_ms={pageMs:0} all_pages_seconds={allPagesSeconds:0.00} pages={pages} method={schedule.Method} infeasible_devices={schedule.InfeasibleDevices} cohorts={schedule.Cohorts} seed_seconds={seedSeconds:0.0}"));
        return schedule.InfeasibleDevices == 0 && one is not null && read.Count == schedule.PlannedDevices ? 0 : 1;
    }


    /// <summary>The registry, timing how long reading the fleet takes.</summary>
    private sealed class TimedRegistry(IDeviceRegistry inner) : IDeviceRegistry
    {
        public double Seconds { get; private set; }

        public Task SaveAsync(DeviceRegistration registration, CancellationToken cancellationToken) => inner.SaveAsync(registration, cancellationToken);

        public Task<DeviceRegistration?> FindAsync(string deviceId, CancellationToken cancellationToken) => inner.FindAsync(deviceId, cancellationToken);

        public Task<FleetDevice?> FindFleetDeviceAsync(string programId, string deviceId, CancellationToken cancellationToken) => inner.FindFleetDeviceAsync(programId, deviceId, cancellationToken);

        public async Task<IReadOnlyList<FleetDevice>> ListFleetAsync(string programId, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var fleet = await inner.ListFleetAsync(programId, cancellationToken);
            Seconds += watch.Elapsed.TotalSeconds;
            return fleet;
        }
    }

    /// <summary>The schedule store, timing how long saving a schedule and its device plans takes.</summary>
    private sealed class TimedScheduleStore(IScheduleStore inner) : IScheduleStore
    {
        public double SaveSeconds { get; private set; }

        public async Task SaveAsync(ProgramSchedule schedule, IReadOnlyList<DevicePlan> devicePlans, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            await inner.SaveAsync(schedule, devicePlans, cancellationToken);
            SaveSeconds += watch.Elapsed.TotalSeconds;
        }

        public Task RecordPushAsync(ProgramSchedule pushed, CancellationToken cancellationToken) => inner.RecordPushAsync(pushed, cancellationToken);

        public Task<ProgramSchedule?> FindAsync(string programId, string localDate, string run, CancellationToken cancellationToken) => inner.FindAsync(programId, localDate, run, cancellationToken);

        public Task<DevicePlanPage?> FindDevicePlansAsync(string programId, string localDate, string run, DevicePlanContinuation? continuation, int top, CancellationToken cancellationToken) =>
            inner.FindDevicePlansAsync(programId, localDate, run, continuation, top, cancellationToken);

        public Task<DevicePlan?> FindDevicePlanAsync(string programId, string localDate, string run, string deviceId, CancellationToken cancellationToken) =>
            inner.FindDevicePlanAsync(programId, localDate, run, deviceId, cancellationToken);

        public Task<IReadOnlyList<SchedulePush>> ListPushesAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
            inner.ListPushesAsync(programId, fromUtc, toUtc, cancellationToken);
    }
}
