using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Forecasting;

public sealed class ForecastFunctions(IProgramStore programs, IForecastStore forecasts, TimeProvider clock)
{
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(14);

    [Function("GetForecast")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The latest hourly forecast of the homes' baseline load, their rooftop solar output and each device type's flexibility (P10/P50/P90), with model version, inputs' time span and the outdoor temperature and cloud cover assumed. Defaults to the next 48 hours.")]
    [QueryParameter("from", TimeRangeQuery.FromDescription)]
    [QueryParameter("to", TimeRangeQuery.ToDescription)]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetForecast(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/forecast")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(
            programId, request.Query["from"], request.Query["to"], programs, clock, TimeSpan.Zero, TimeSpan.FromHours(ForecastService.HorizonHours), MaxSpan, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var zone = program!.FindTimeZone();
        var intervals = await forecasts.FindAsync(programId, fromUtc, toUtc, cancellationToken);
        return Results.Ok(new
        {
            programId,
            timeZone = program.TimeZoneId,
            fromUtc,
            toUtc,
            intervals = intervals.Select(i => new
            {
                i.StartUtc,
                localStart = TimeZoneInfo.ConvertTime(i.StartUtc, zone),
                i.IntervalMinutes,
                i.LoadKw,
                i.SolarKw,
                i.FlexibilityByType,
                i.IssuedUtc,
                i.ModelVersion,
                i.InputsFromUtc,
                i.InputsToUtc,
                i.TemperatureC,
                i.CloudCoverPct,
            }),
        });
    }
}
