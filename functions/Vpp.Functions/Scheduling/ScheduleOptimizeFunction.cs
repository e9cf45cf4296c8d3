using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Scheduling;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Scheduling;

/// <summary>ScheduleOptimize: timer trigger, every 15 minutes; plans each program's next 24 hours.</summary>
public static class ScheduleOptimizeFunction
{
    public const string Name = "ScheduleOptimize";

    public static IEndpointRouteBuilder MapScheduleOptimize(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + Name, async (ScheduleService schedules, CancellationToken ct) =>
        {
            var programs = await schedules.OptimizeAllAsync(ct);
            return InvocationResult.WithLogs($"planned {programs} programs");
        })
        .RequireAuthorization(Policies.FunctionsHost)
        .ExcludeFromDescription();
        return app;
    }
}
