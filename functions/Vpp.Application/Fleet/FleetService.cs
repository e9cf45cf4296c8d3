using Vpp.Application.Devices;
using Vpp.Application.Participation;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Domain.Fleet;

namespace Vpp.Application.Fleet;

/// <summary>The fleet view of a program, live or as the snapshot timer recorded it.</summary>
public sealed class FleetService(IProgramStore programs, IDeviceRegistry registry, IIngestionProgressStore ingestion, IFleetSnapshotStore snapshots, IOptOutStore optOuts, TimeProvider clock)
{
    /// <summary>Computes the fleet now from every device's latest reading; null if the program does not exist.</summary>
    public async Task<FleetSnapshotRecord?> CurrentAsync(string programId, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return null;
        }

        return FleetSnapshotRecord.From(await ComputeAsync(programId, cancellationToken));
    }

    /// <summary>The timer's work: compute and store every program's snapshot.</summary>
    public Task<ProgramSweepResult> RefreshAllAsync(CancellationToken cancellationToken) =>
        ProgramSweep.RunAsync(programs, async (program, ct) => await snapshots.SaveAsync(await ComputeAsync(program.ProgramId, ct), ct), cancellationToken);

    /// <summary>
    /// The program's fleet now, from every device's latest reading (statuses judged at the time ingestion has caught up
    /// to, as plans judge them), with the devices whose opt-out covers now out of its flexibility.
    /// </summary>
    private async Task<FleetSnapshot> ComputeAsync(string programId, CancellationToken cancellationToken)
    {
        var devices = await registry.ListFleetAsync(programId, cancellationToken);
        var now = clock.GetUtcNow();
        var optedOut = (await optOuts.ListOverlappingAsync(programId, now, now.AddTicks(1), cancellationToken)).Select(o => o.DeviceId).ToHashSet(StringComparer.Ordinal);
        var watermark = await ingestion.WatermarkAsync(now, cancellationToken);
        return FleetSnapshot.Compute(programId, now, devices, optedOut, watermark);
    }
}
