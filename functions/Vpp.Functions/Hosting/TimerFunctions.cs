using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Vpp.Functions.Security;

namespace Vpp.Functions.Hosting;

/// <summary>
/// A timer trigger as the custom handler serves it: the host POSTs to the function's name; the endpoint runs one use
/// case, answers with a log line, and is reachable by the Functions host only.
/// </summary>
public static class TimerFunctions
{
    public static IEndpointRouteBuilder MapTimer<TUseCase>(this IEndpointRouteBuilder app, string name, Func<TUseCase, CancellationToken, Task<string>> run)
        where TUseCase : notnull
    {
        app.MapPost("/" + name, async ([FromServices] TUseCase useCase, CancellationToken ct) => InvocationResult.WithLogs(await run(useCase, ct)))
            .RequireAuthorization(Policies.FunctionsHost)
            .ExcludeFromDescription();
        return app;
    }
}
