using Vpp.Application.Devices;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Forecasting;

/// <summary>
/// Learns each EV charger's and water heater's habits from its last two weeks of quarter-hour rollups, once a day per
/// device (habits move slowly; reading every device's history hourly would not pay). A charger whose rollups never
/// record a plugged-in car does not report its plug, so its sessions are learned from the energy it drew. A water
/// heater's draws are learned with the typical tank's constants: registrations do not carry the tank's size.
/// </summary>
public sealed class DeviceHabitsLearner(IDeviceRegistry registry, ITelemetryLedgerStore ledger, IDeviceHabitsStore habits, TimeProvider clock)
{
    private static readonly TimeSpan History = TimeSpan.FromDays(14);
    private static readonly TimeSpan RelearnAfter = TimeSpan.FromDays(1);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>Relearns the program's devices whose habits are missing or a day old; returns how many were (re)learned.</summary>
    public async Task<int> LearnAsync(VppProgram program, CancellationToken cancellationToken)
    {
        var programId = program.ProgramId;
        var zone = program.FindTimeZone();
        var now = clock.GetUtcNow();
        var known = await habits.ListAsync(programId, cancellationToken);
        var learned = 0;
        foreach (var device in await registry.ListFleetAsync(programId, cancellationToken))
        {
            var id = device.Registration.DeviceId;
            var type = device.Registration.Type;
            if (type is not (DeviceType.EvCharger or DeviceType.WaterHeater) || (known.TryGetValue(id, out var previous) && now - previous.LearnedUtc < RelearnAfter))
            {
                continue;
            }

            var rollups = (await ledger.ReadRollupsAsync(id, RollupResolution.FifteenMinutes, now - History, now, cancellationToken)).Where(r => r.CoveredSeconds > 0).ToList();
            var result = type == DeviceType.EvCharger
                ? new LearnedDeviceHabits(id, now, Charging: EvChargingHabits.Learn(ChargerIntervals(rollups), zone))
                : new LearnedDeviceHabits(id, now, HotWater: HotWaterHabits.Learn(TankIntervals(rollups), zone, ThermalParameters.TypicalTank));
            await habits.SaveAsync(programId, result, cancellationToken);
            learned++;
        }

        return learned;
    }

    private static List<ChargerInterval> ChargerIntervals(List<TelemetryRollup> rollups)
    {
        var reportsPlug = rollups.Any(r => r.PluggedSeconds > 0);
        return [.. rollups.Select(r => new ChargerInterval(r.IntervalStart, Quarter, r.EnergyImportedKwh, reportsPlug ? r.PluggedSeconds / r.CoveredSeconds : null))];
    }

    /// <summary>Quarter hours the heater (nearly) covered and reported its tank in: a partial one would understate the element's energy.</summary>
    private static List<TankInterval> TankIntervals(List<TelemetryRollup> rollups) =>
    [
        .. rollups
            .Where(r => r.CoveredSeconds >= 0.9 * Quarter.TotalSeconds && r.MinTemperatureC is not null && r.MaxTemperatureC is not null)
            .Select(r => new TankInterval(r.IntervalStart, Quarter, r.EnergyImportedKwh, (r.MinTemperatureC!.Value + r.MaxTemperatureC!.Value) / 2)),
    ];
}
