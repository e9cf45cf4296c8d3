using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Vpp.Functions.Security;

/// <summary>
/// Trigger endpoints (/TelemetryIngest, /FleetSnapshot) are for the Functions host only: it calls the handler
/// over loopback with an invocation id. They are never routed from the public /api surface.
/// </summary>
public sealed class FunctionsHostRequirement : AuthorizationHandler<FunctionsHostRequirement>, IAuthorizationRequirement
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FunctionsHostRequirement requirement)
    {
        if (context.Resource is HttpContext http
            && http.Connection.RemoteIpAddress is { } remote
            && IPAddress.IsLoopback(remote)
            && http.Request.Headers.ContainsKey(InvocationIdHeader))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
