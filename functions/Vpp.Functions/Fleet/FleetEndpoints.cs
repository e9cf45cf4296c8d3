using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Fleet;
using Vpp.Functions.Security;

namespace Vpp.Functions.Fleet;

public static class FleetEndpoints
{
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/programs/{programId}/fleet", async (string programId, FleetService fleet, CancellationToken ct) =>
                await fleet.CurrentAsync(programId, ct) is { } snapshot
                    ? Results.Ok(snapshot)
                    : Problems.NotFound($"program '{programId}' does not exist"))
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetFleet")
            .WithSummary("Devices by type and status, current total kW, and flexibility available now.")
            .Produces<FleetSnapshotRecord>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/programs/{programId}/fleet/snapshot", async (string programId, IFleetSnapshotStore snapshots, CancellationToken ct) =>
                await snapshots.FindLatestAsync(programId, ct) is { } snapshot
                    ? Results.Ok(snapshot)
                    : Problems.NotFound($"no snapshot recorded yet for program '{programId}'"))
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetFleetSnapshot")
            .WithSummary("The aggregate the FleetSnapshot timer last recorded.")
            .Produces<FleetSnapshotRecord>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
