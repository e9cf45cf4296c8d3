using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Vpp.Application.Programs;
using Vpp.Functions.Security;

namespace Vpp.Functions.Hosting;

/// <summary>
/// A timer trigger as the custom handler serves it: the host POSTs to the function's name; the endpoint runs one use
/// case over every program, answers with a log line, and is reachable by the Functions host only. A program that
/// failed fails the invocation (after the others were served), so the host's monitoring sees it; each failure is
/// logged with its error.
/// </summary>
public static class TimerFunctions
{
    /// <param name="verb">What the use case does to each program, for the log line: "planned" gives "planned 3 of 3 programs".</param>
    public static IEndpointRouteBuilder MapTimer<TUseCase>(this IEndpointRouteBuilder app, string name, string verb, Func<TUseCase, CancellationToken, Task<ProgramSweepResult>> run)
        where TUseCase : notnull
    {
        app.MapPost("/" + name, async ([FromServices] TUseCase useCase, [FromServices] ILoggerFactory loggers, CancellationToken ct) =>
            {
                var sweep = await run(useCase, ct);
                var summary = $"{verb} {sweep.Served} of {sweep.Programs} programs";
                if (sweep.Failures.Count == 0)
                {
                    return InvocationResult.WithLogs(summary);
                }

                var logger = loggers.CreateLogger("Vpp.Functions." + name);
                foreach (var failure in sweep.Failures)
                {
                    logger.LogError(failure.Error, "{Function} could not serve program {ProgramId}", name, failure.ProgramId);
                }

                return InvocationResult.Failed([summary, .. sweep.Failures.Select(f => $"program '{f.ProgramId}' failed: {f.Reason}")]);
            })
            .RequireAuthorization(Policies.FunctionsHost)
            .ExcludeFromDescription();
        return app;
    }
}
