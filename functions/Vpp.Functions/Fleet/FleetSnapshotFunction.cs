using Microsoft.AspNetCore.Routing;
using Vpp.Application.Fleet;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Fleet;

/// <summary>FleetSnapshot: timer trigger, every minute; stores each program's aggregate.</summary>
public static class FleetSnapshotFunction
{
    public const string Name = "FleetSnapshot";

    public static IEndpointRouteBuilder MapFleetSnapshot(this IEndpointRouteBuilder app) =>
        app.MapTimer<FleetService>(Name, "refreshed the snapshots of", (fleet, ct) => fleet.RefreshAllAsync(ct));
}
