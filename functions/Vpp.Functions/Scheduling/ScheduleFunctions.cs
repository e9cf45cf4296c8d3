using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Scheduling;
using Vpp.Domain.Calendar;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Scheduling;

public sealed class ScheduleFunctions(ScheduleQueryService query)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    [Function("GetSchedule")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The program's intraday (default) or day-ahead plan for a local date: aggregate before and after, expected peak, unmet limits, every push of that run's plans to the devices that day; per-device plans a page at a time with devices=true (top, continuation), or one device's with deviceId.")]
    [QueryParameter("date", "Required: the local date, yyyy-MM-dd.")]
    [QueryParameter("run", "'intraday' (default) or 'day-ahead'.")]
    [QueryParameter("devices", "true for the per-device plans, a page at a time.")]
    [QueryParameter("deviceId", "One device's plan.")]
    [QueryParameter("top", "Device plans per page, 1-1000 (default 100).")]
    [QueryParameter("continuation", "The continuation the previous page gave.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    public async Task<IResult> GetSchedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/schedule")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        string? date = request.Query["date"];
        string? run = request.Query["run"];
        string? deviceId = request.Query["deviceId"];
        if (!Instants.TryParseDate(date, out var localDate))
        {
            return Problems.Validation("date", $"required, a local date as yyyy-MM-dd in {Instants.EarliestYear}-{Instants.LatestYear}");
        }

        run ??= ScheduleRuns.Intraday;
        if (!ScheduleRuns.IsKnown(run))
        {
            return Problems.Validation("run", $"'{ScheduleRuns.Intraday}' (the rolling plan, the default) or '{ScheduleRuns.DayAhead}'");
        }

        var (plans, problem) = DevicePlanRequest.Read(request.Query["devices"], deviceId, request.Query["top"], request.Query["continuation"]);
        if (problem is not null)
        {
            return problem;
        }

        var found = await query.FindAsync(programId, localDate, run, plans, cancellationToken);
        return found.Outcome switch
        {
            ScheduleLookupOutcome.ProgramNotFound => Problems.NotFound($"program '{programId}' does not exist"),
            ScheduleLookupOutcome.ScheduleNotFound => Problems.NotFound($"no {run} schedule planned yet for program '{programId}' on {date}"),
            ScheduleLookupOutcome.DeviceHasNoPlan => Problems.NotFound($"device '{deviceId}' has no plan in the {run} schedule of program '{programId}' for {date}"),
            ScheduleLookupOutcome.NoDevicePlans => Problems.NotFound($"the {run} schedule of program '{programId}' for {date} keeps no device plans"),
            ScheduleLookupOutcome.ContinuationGone => Problems.Gone("continuation", "the device plans this continuation was paging through have been replanned twice since; start again without it"),
            _ => Results.Ok(View(found)),
        };
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
