using Vpp.Application.Devices;
using Vpp.Application.Participation;
using Vpp.Application.Programs;
using Vpp.Domain.Fleet;

namespace Vpp.Application.Fleet;

/// <summary>The fleet view of a program, live or as the snapshot timer recorded it.</summary>
public sealed class FleetService(IProgramStore programs, IDeviceRegistry registry, IFleetSnapshotStore snapshots, IOptOutStore optOuts, TimeProvider clock)
{
    /// <summary>Computes the fleet now from every device's latest reading; null if the program does not exist.</summary>
    public async Task<FleetSnapshotRecord?> CurrentAsync(string programId, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return null;
        }

        var devices = await registry.ListFleetAsync(programId, cancellationToken);
        var now = clock.GetUtcNow();
        return FleetSnapshotRecord.From(FleetSnapshot.Compute(programId, now, devices, await OptedOutAsync(programId, now, cancellationToken)));
    }

    /// <summary>The timer's work: compute and store every program's snapshot.</summary>
    public Task<ProgramSweepResult> RefreshAllAsync(CancellationToken cancellationToken) =>
        ProgramSweep.RunAsync(programs, async (program, ct) =>
        {
            var devices = await registry.ListFleetAsync(program.ProgramId, ct);
            var now = clock.GetUtcNow();
            await snapshots.SaveAsync(FleetSnapshot.Compute(program.ProgramId, now, devices, await OptedOutAsync(program.ProgramId, now, ct)), ct);
        }, cancellationToken);

    /// <summary>The devices whose opt-out covers <paramref name="now"/>.</summary>
    private async Task<IReadOnlySet<string>> OptedOutAsync(string programId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await optOuts.ListOverlappingAsync(programId, now, now.AddTicks(1), cancellationToken)).Select(o => o.DeviceId).ToHashSet(StringComparer.Ordinal);
}
