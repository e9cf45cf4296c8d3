using Vpp.Application.Devices;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Telemetry;
using Vpp.Application.Weather;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Forecasting;

/// <summary>
/// Learns each EV charger's, water heater's and heat pump's habits from its last two weeks of quarter-hour rollups,
/// once a day per device (habits move slowly; reading every device's history hourly would not pay). A charger whose
/// rollups never record a plugged-in car does not report its plug, so its sessions are learned from the energy it
/// drew. A water heater's draws are learned with the typical tank's constants: registrations do not carry the tank's
/// size. A heat pump's house is learned against the program's hourly outdoor temperatures (<see cref="IWeatherStore"/>);
/// quarter hours without one do not count. Every device, batteries too, learns what it draws undispatched in each local
/// quarter hour (<see cref="PowerProfile"/>) from the days no plan was pushed to the program's devices: every local day a pushed
/// plan's horizon touched, and those within the half day after it, is left out, as a customer baseline leaves out event
/// days. The other habits are the household's and the house's, whatever the plan.
/// A run relearns the devices that are due, those never learned first and then the stalest, at most a
/// <see cref="RunsPerRelearn"/>th of the fleet (and at least <see cref="MinDevicesPerRun"/>), several at a time: reading
/// two weeks of history for each of 100,000 devices in one hourly run would outlast the run, and spread over the day's
/// runs each device is still relearned within a day.
/// </summary>
public sealed class DeviceHabitsLearner(IDeviceRegistry registry, ITelemetryLedgerStore ledger, IDeviceHabitsStore habits, IWeatherStore weather, IScheduleStore schedules, TimeProvider clock)
{
    private static readonly TimeSpan History = TimeSpan.FromDays(14);
    private static readonly TimeSpan RelearnAfter = TimeSpan.FromDays(1);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>A fleet is relearned within this many runs: hourly runs, under a day.</summary>
    public const int RunsPerRelearn = 20;

    /// <summary>A run relearns up to this many devices however small its share of the fleet.</summary>
    public const int MinDevicesPerRun = 500;

    private const int ParallelDevices = 8;

    // After a plan ends, tanks, houses and batteries take hours to return to where the household would have had them.
    private static readonly TimeSpan Recovery = TimeSpan.FromHours(12);

    /// <summary>Relearns the program's devices whose habits are missing or a day old, up to this run's share; returns how many were (re)learned.</summary>
    public async Task<int> LearnAsync(VppProgram program, CancellationToken cancellationToken)
    {
        var programId = program.ProgramId;
        var zone = program.FindTimeZone();
        var now = clock.GetUtcNow();
        var known = await habits.ListAsync(programId, cancellationToken);
        var fleet = await registry.ListFleetAsync(programId, cancellationToken);
        var share = Math.Max(MinDevicesPerRun, (fleet.Count + RunsPerRelearn - 1) / RunsPerRelearn);
        var due = fleet
            .Select(d => (d.Registration, LearnedUtc: known.TryGetValue(d.Registration.DeviceId, out var previous) ? previous.LearnedUtc : DateTimeOffset.MinValue))
            .Where(d => now - d.LearnedUtc >= RelearnAfter)
            .OrderBy(d => d.LearnedUtc)
            .ThenBy(d => d.Registration.DeviceId, StringComparer.Ordinal)
            .Take(share)
            .Select(d => d.Registration)
            .ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var dispatchedDays = await DispatchedDaysAsync(programId, zone, now, cancellationToken);
        var outdoorC = due.Any(d => d.Type == DeviceType.Thermostat)
            ? (await weather.FindAsync(programId, now - History, now, cancellationToken)).ToDictionary(h => h.HourStartUtc, h => h.TemperatureC)
            : [];
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = ParallelDevices, CancellationToken = cancellationToken }, async (device, ct) =>
        {
            var rollups = (await ledger.ReadRollupsAsync(device.DeviceId, RollupResolution.FifteenMinutes, now - History, now, ct)).Where(r => r.CoveredSeconds > 0).ToList();
            var power = PowerProfile.Learn(MeterIntervals(rollups, zone, dispatchedDays), zone);
            var learnt = device.Type switch
            {
                DeviceType.EvCharger => new DeviceHabits(Charging: EvChargingHabits.Learn(ChargerIntervals(rollups), zone), Power: power),
                DeviceType.WaterHeater => new DeviceHabits(HotWater: HotWaterHabits.Learn(TankIntervals(rollups), zone, ThermalParameters.TypicalTank), Power: power),
                DeviceType.Thermostat => new DeviceHabits(House: HouseThermalHabits.Learn(HouseIntervals(rollups, outdoorC), ThermalParameters.TypicalHouse.Cop), Power: power),
                _ => new DeviceHabits(Power: power),
            };
            await habits.SaveAsync(programId, new LearnedDeviceHabits(device.DeviceId, now, learnt), ct);
        });

        return due.Count;
    }

    /// <summary>
    /// The local days of the history window that a plan pushed to the devices steered, or that its devices spent
    /// recovering from it (<see cref="Recovery"/>).
    /// </summary>
    private async Task<HashSet<DateOnly>> DispatchedDaysAsync(string programId, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = new HashSet<DateOnly>();
        foreach (var push in await schedules.ListPushesAsync(programId, now - History - Recovery, now, cancellationToken))
        {
            for (var day = LocalDays.DateOf(push.StartUtc, zone); LocalDays.StartUtc(day, zone) < push.EndUtc + Recovery; day = day.AddDays(1))
            {
                days.Add(day);
            }
        }

        return days;
    }

    /// <summary>The device's net energy per quarter hour over the seconds its readings covered, on days no plan steered it.</summary>
    private static List<MeterInterval> MeterIntervals(List<TelemetryRollup> rollups, TimeZoneInfo zone, HashSet<DateOnly> dispatchedDays) =>
    [
        .. rollups.Where(r => !dispatchedDays.Contains(LocalDays.DateOf(r.IntervalStart, zone)))
            .Select(r => new MeterInterval(r.IntervalStart, TimeSpan.FromSeconds(r.CoveredSeconds), r.EnergyImportedKwh - r.EnergyExportedKwh)),
    ];

    private static List<ChargerInterval> ChargerIntervals(List<TelemetryRollup> rollups)
    {
        var reportsPlug = rollups.Any(r => r.PluggedSeconds > 0);
        return [.. rollups.Select(r => new ChargerInterval(r.IntervalStart, Quarter, r.EnergyImportedKwh, reportsPlug ? r.PluggedSeconds / r.CoveredSeconds : null))];
    }

    private static List<TankInterval> TankIntervals(List<TelemetryRollup> rollups) =>
        [.. WholeWithTemperature(rollups).Select(r => new TankInterval(r.IntervalStart, Quarter, r.EnergyImportedKwh, MidTemperature(r)))];

    private static List<HouseInterval> HouseIntervals(List<TelemetryRollup> rollups, Dictionary<DateTimeOffset, double> outdoorC) =>
    [
        .. WholeWithTemperature(rollups)
            .Select(r => new HouseInterval(r.IntervalStart, Quarter, r.EnergyImportedKwh, MidTemperature(r), outdoorC.GetValueOrDefault(UtcIntervals.Floor(r.IntervalStart, TimeSpan.FromHours(1)), double.NaN))),
    ];

    /// <summary>Quarter hours the device (nearly) covered and reported a temperature in: a partial one would understate its energy.</summary>
    private static IEnumerable<TelemetryRollup> WholeWithTemperature(List<TelemetryRollup> rollups) =>
        rollups.Where(r => r.CoveredSeconds >= 0.9 * Quarter.TotalSeconds && r.MinTemperatureC is not null && r.MaxTemperatureC is not null);

    private static double MidTemperature(TelemetryRollup r) => (r.MinTemperatureC!.Value + r.MaxTemperatureC!.Value) / 2;
}
