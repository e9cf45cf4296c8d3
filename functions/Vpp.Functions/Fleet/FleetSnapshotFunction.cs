using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vpp.Application.Fleet;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Fleet;

/// <summary>FleetSnapshot: every minute, stores each program's aggregate.</summary>
public sealed class FleetSnapshotFunction(FleetService fleet, ILogger<FleetSnapshotFunction> logger)
{
    public const string Name = "FleetSnapshot";

    [Function(Name)]
    public async Task Run([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        ProgramSweepOutcome.Report(await fleet.RefreshAllAsync(cancellationToken), Name, "refreshed the snapshots of", logger);
}
