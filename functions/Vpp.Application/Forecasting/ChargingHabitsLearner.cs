using Vpp.Application.Devices;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Forecasting;

/// <summary>
/// Learns each EV charger's habits from its last two weeks of quarter-hour rollups, once a day per charger (habits move
/// slowly; reading every charger's history hourly would not pay). A charger whose rollups never record a plugged-in car
/// does not report its plug, so its sessions are learned from the energy it drew.
/// </summary>
public sealed class ChargingHabitsLearner(IDeviceRegistry registry, ITelemetryLedgerStore ledger, IChargingHabitsStore habits, TimeProvider clock)
{
    private static readonly TimeSpan History = TimeSpan.FromDays(14);
    private static readonly TimeSpan RelearnAfter = TimeSpan.FromDays(1);

    /// <summary>Relearns the program's chargers whose habits are missing or a day old; returns how many were (re)learned.</summary>
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
            if (device.Registration.Type != DeviceType.EvCharger || (known.TryGetValue(id, out var previous) && now - previous.LearnedUtc < RelearnAfter))
            {
                continue;
            }

            var rollups = await ledger.ReadRollupsAsync(id, RollupResolution.FifteenMinutes, now - History, now, cancellationToken);
            var reportsPlug = rollups.Any(r => r.PluggedSeconds > 0);
            var intervals = rollups
                .Where(r => r.CoveredSeconds > 0)
                .Select(r => new ChargerInterval(r.IntervalStart, TimeSpan.FromMinutes(15), r.EnergyImportedKwh, reportsPlug ? r.PluggedSeconds / r.CoveredSeconds : null))
                .ToList();
            await habits.SaveAsync(programId, new LearnedChargingHabits(id, EvChargingHabits.Learn(intervals, zone), now), cancellationToken);
            learned++;
        }

        return learned;
    }
}
