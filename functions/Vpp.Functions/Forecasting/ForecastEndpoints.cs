using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Functions.Security;

namespace Vpp.Functions.Forecasting;

public static class ForecastEndpoints
{
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(14);

    public static IEndpointRouteBuilder MapForecastApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/programs/{programId}/forecast", async (string programId, string? from, string? to, IProgramStore programs, IForecastStore forecasts, TimeProvider clock, CancellationToken ct) =>
            {
                var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(
                    programId, from, to, programs, clock, TimeSpan.Zero, TimeSpan.FromHours(ForecastService.HorizonHours), MaxSpan, ct);
                if (problem is not null)
                {
                    return problem;
                }

                var zone = program!.FindTimeZone();
                var intervals = await forecasts.FindAsync(programId, fromUtc, toUtc, ct);
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
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetForecast")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The latest hourly forecast of the homes' baseline load, their rooftop solar output and each device type's flexibility (P10/P50/P90), with model version, inputs' time span and the outdoor temperature and cloud cover assumed. Defaults to the next 48 hours.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
