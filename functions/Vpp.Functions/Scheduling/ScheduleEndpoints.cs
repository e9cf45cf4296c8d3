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
    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/programs/{programId}/schedule", async (string programId, string? date, string? run, bool? devices, IProgramStore programs, IScheduleStore schedules, CancellationToken ct) =>
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
                return devices == true
                    ? Results.Ok(new { schedule, pushes, devicePlans = await schedules.FindDevicePlansAsync(programId, date, run, ct) ?? [] })
                    : Results.Ok(new { schedule, pushes });
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetSchedule")
            .WithSummary("The program's intraday (default) or day-ahead plan for a local date: aggregate before and after, expected peak, unmet limits, every push of that run's plans to the devices that day, and per-device plans with devices=true.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
