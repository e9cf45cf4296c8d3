using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Scheduling;
using Vpp.Functions.Security;

namespace Vpp.Functions.Scheduling;

public static class ScheduleEndpoints
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/programs/{programId}/schedule", async (string programId, string? date, string? run, string? devices, string? deviceId, string? top, string? continuation,
                ScheduleQueryService query, CancellationToken ct) =>
            {
                if (date is null || !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var localDate))
                {
                    return Problems.Validation("date", "required, a local date as yyyy-MM-dd");
                }

                run ??= ScheduleRuns.Intraday;
                if (!ScheduleRuns.IsKnown(run))
                {
                    return Problems.Validation("run", $"'{ScheduleRuns.Intraday}' (the rolling plan, the default) or '{ScheduleRuns.DayAhead}'");
                }

                var (plans, problem) = DevicePlanRequest.Read(devices, deviceId, top, continuation);
                if (problem is not null)
                {
                    return problem;
                }

                var found = await query.FindAsync(programId, localDate, run, plans, ct);
                return found.Outcome switch
                {
                    ScheduleLookupOutcome.ProgramNotFound => Problems.NotFound($"program '{programId}' does not exist"),
                    ScheduleLookupOutcome.ScheduleNotFound => Problems.NotFound($"no {run} schedule planned yet for program '{programId}' on {date}"),
                    ScheduleLookupOutcome.DeviceHasNoPlan => Problems.NotFound($"device '{deviceId}' has no plan in the {run} schedule of program '{programId}' for {date}"),
                    ScheduleLookupOutcome.NoDevicePlans => Problems.NotFound($"the {run} schedule of program '{programId}' for {date} keeps no device plans"),
                    ScheduleLookupOutcome.ContinuationGone => Problems.Gone("continuation", "the device plans this continuation was paging through have been replanned twice since; start again without it"),
                    _ => Results.Ok(View(found)),
                };
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetSchedule")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The program's intraday (default) or day-ahead plan for a local date: aggregate before and after, expected peak, unmet limits, every push of that run's plans to the devices that day; per-device plans a page at a time with devices=true (top, continuation), or one device's with deviceId.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    /// <summary>Device plans appear only when asked for; pushes without the devices' baseline, which serves the load history.</summary>
    private static object View(ScheduleLookup found)
    {
        var pushes = found.Pushes!.Select(p => new { p.Run, p.Date, p.StartUtc, p.EndUtc, p.Intervals, p.IntervalMinutes, p.JobId, p.PushedUtc });
        return found.DevicePlans is null
            ? new { schedule = found.Schedule, pushes }
            : new { schedule = found.Schedule, pushes, devicePlans = found.DevicePlans, continuation = found.Continuation?.ToString() };
    }
}
