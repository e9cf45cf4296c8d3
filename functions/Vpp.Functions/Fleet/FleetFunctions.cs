using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Fleet;
using Vpp.Functions.Security;

namespace Vpp.Functions.Fleet;

public sealed class FleetFunctions(FleetService fleet, IFleetSnapshotStore snapshots)
{
    [Function("GetFleet")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Devices by type and status, current total kW, and flexibility available now.")]
    [ProducesResponseType<FleetSnapshotRecord>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetFleet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/fleet")] HttpRequest request, string programId, CancellationToken cancellationToken) =>
        await fleet.CurrentAsync(programId, cancellationToken) is { } snapshot ? Results.Ok(snapshot) : Problems.NotFound($"program '{programId}' does not exist");

    [Function("GetFleetSnapshot")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The aggregate the FleetSnapshot timer last recorded.")]
    [ProducesResponseType<FleetSnapshotRecord>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetFleetSnapshot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/fleet/snapshot")] HttpRequest request, string programId, CancellationToken cancellationToken) =>
        await snapshots.FindLatestAsync(programId, cancellationToken) is { } snapshot ? Results.Ok(snapshot) : Problems.NotFound($"no snapshot recorded yet for program '{programId}'");
}
