using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Fleet;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Fleet;

/// <summary>FleetSnapshot: timer trigger, every minute; stores each program's aggregate.</summary>
public static class FleetSnapshotFunction
{
    public const string Name = "FleetSnapshot";

    public static IEndpointRouteBuilder MapFleetSnapshot(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + Name, async (FleetService fleet, CancellationToken ct) =>
        {
            var programs = await fleet.RefreshAllAsync(ct);
            return InvocationResult.WithLogs($"refreshed {programs} program snapshots");
        })
        .RequireAuthorization(Policies.FunctionsHost)
        .ExcludeFromDescription();
        return app;
    }
}
