using System.Net;

namespace Vpp.Ingestion.Hosting;

/// <summary>
/// The trigger endpoint is for the Functions host only: it calls the handler over loopback with an invocation id.
/// Anyone else gets 403 problem details and the batch is never read.
/// </summary>
public sealed class FunctionsHostOnly : IEndpointFilter
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    public static bool IsHost(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote) && http.Request.Headers.ContainsKey(InvocationIdHeader);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        IsHost(context.HttpContext)
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "only the Functions host invokes this function"));
}
