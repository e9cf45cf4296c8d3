using Microsoft.AspNetCore.Routing;
using Vpp.Application.Scheduling;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Scheduling;

/// <summary>ScheduleOptimize: timer trigger, every 15 minutes; plans each program's next 24 hours (and tomorrow, once a day).</summary>
public static class ScheduleOptimizeFunction
{
    public const string Name = "ScheduleOptimize";

    public static IEndpointRouteBuilder MapScheduleOptimize(this IEndpointRouteBuilder app) =>
        app.MapTimer<ScheduleService>(Name, "planned", (schedules, ct) => schedules.OptimizeAllAsync(ct));
}
