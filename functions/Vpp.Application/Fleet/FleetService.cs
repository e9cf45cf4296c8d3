using Vpp.Application.Devices;
using Vpp.Application.Programs;
using Vpp.Domain.Fleet;

namespace Vpp.Application.Fleet;

/// <summary>The fleet view of a program, live or as the snapshot timer recorded it.</summary>
public sealed class FleetService(IProgramStore programs, IDeviceRegistry registry, IFleetSnapshotStore snapshots, TimeProvider clock)
{
    /// <summary>Computes the fleet now from every device's latest reading; null if the program does not exist.</summary>
    public async Task<FleetSnapshotRecord?> CurrentAsync(string programId, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return null;
        }

        var devices = await registry.ListFleetAsync(programId, cancellationToken);
        return FleetSnapshotRecord.From(FleetSnapshot.Compute(programId, clock.GetUtcNow(), devices));
    }

    /// <summary>The timer's work: compute and store every program's snapshot.</summary>
    public Task<ProgramSweepResult> RefreshAllAsync(CancellationToken cancellationToken) =>
        ProgramSweep.RunAsync(programs, async (program, ct) =>
        {
            var devices = await registry.ListFleetAsync(program.ProgramId, ct);
            await snapshots.SaveAsync(FleetSnapshot.Compute(program.ProgramId, clock.GetUtcNow(), devices), ct);
        }, cancellationToken);
}
