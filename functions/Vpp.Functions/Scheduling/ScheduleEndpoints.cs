using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Domain.Calendar;
using Vpp.Functions.Security;

namespace Vpp.Functions.Scheduling;

public static class ScheduleEndpoints
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/programs/{programId}/schedule", async (string programId, string? date, string? run, string? devices, string? deviceId, string? top, string? continuation,
                IProgramStore programs, IScheduleStore schedules, CancellationToken ct) =>
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

                var (pages, problem) = DevicePlanRequest.Read(devices, deviceId, top, continuation);
                if (problem is not null)
                {
                    return problem;
                }

                if (await programs.FindAsync(programId, ct) is not { } program)
                {
                    return Problems.NotFound($"program '{programId}' does not exist");
                }

                if (await schedules.FindAsync(programId, date, run, ct) is not { } schedule)
                {
                    return Problems.NotFound($"no {run} schedule planned yet for program '{programId}' on {date}");
                }

                var zone = program.FindTimeZone();
                var pushes = (await schedules.ListPushesAsync(programId, LocalDays.StartUtc(localDate, zone), LocalDays.StartUtc(localDate.AddDays(1), zone), ct))
                    .Where(p => p.Date == date && p.Run == run)
                    .Select(p => new { p.Run, p.Date, p.StartUtc, p.EndUtc, p.Intervals, p.IntervalMinutes, p.JobId, p.PushedUtc }) // what was told when; its baseline serves the load history
                    .ToList();
                if (deviceId is not null)
                {
                    return await schedules.FindDevicePlanAsync(programId, date, run, deviceId, ct) is { } plan
                        ? Results.Ok(new { schedule, pushes, devicePlans = new[] { plan } })
                        : Problems.NotFound($"device '{deviceId}' has no plan in the {run} schedule of program '{programId}' for {date}");
                }

                if (pages is not { } page)
                {
                    return Results.Ok(new { schedule, pushes });
                }

                return await schedules.FindDevicePlansAsync(programId, date, run, page.Continuation, page.Top, ct) switch
                {
                    { } found => Results.Ok(new { schedule, pushes, devicePlans = found.Plans, continuation = found.Continuation?.ToString() }),
                    null when page.Continuation is not null => Problems.Gone("continuation", "the device plans this continuation was paging through have been replanned twice since; start again without it"),
                    null => Problems.NotFound($"the {run} schedule of program '{programId}' for {date} keeps no device plans"),
                };
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetSchedule")
            .WithSummary("The program's intraday (default) or day-ahead plan for a local date: aggregate before and after, expected peak, unmet limits, every push of that run's plans to the devices that day; per-device plans a page at a time with devices=true (top, continuation), or one device's with deviceId.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }
}
