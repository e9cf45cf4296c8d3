using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Programs;
using Vpp.Application.Weather;
using Vpp.Domain.Weather;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Weather;

/// <summary>
/// The weather feed: a provider (or the utility's integration acting for one) delivers each program's hourly weather,
/// observed and forecast: outdoor temperatures, which ForecastRefresh's load regression uses, and cloud cover where the
/// provider gives it, by which it forecasts the homes' rooftop solar.
/// </summary>
public sealed class WeatherFunctions(IProgramStore programs, IWeatherStore weather, TimeProvider clock)
{
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(21);

    [Function("PutWeather")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Delivers hourly weather (observed or forecast) for the program's area: the outdoor temperature, and the cloud cover in percent where the provider gives it; each hour replaces what earlier deliveries said about it.")]
    [Consumes(typeof(WeatherRequest), "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> PutWeather(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "programs/{programId}/weather")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<WeatherRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (await programs.FindAsync(programId, cancellationToken) is null)
        {
            return Problems.NotFound($"program '{programId}' does not exist");
        }

        var (hours, errors) = FeedItems.Read(body!.Hours ?? [], "hours", ("hourStartUtc", h => h.HourStartUtc), ("temperatureC", "°C", h => h.TemperatureC), (h, at, c) => new HourlyWeather(at, c, h.CloudCoverPct));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var feed = new WeatherFeed(body.Source ?? "", clock.GetUtcNow(), hours);
        if (feed.Validate() is { Count: > 0 } invalid)
        {
            return Problems.Validation(invalid);
        }

        await weather.SaveAsync(programId, feed, cancellationToken);
        return Results.Ok(new
        {
            programId,
            hours = hours.Count,
            fromUtc = hours.Min(h => h.HourStartUtc),
            toUtc = hours.Max(h => h.HourStartUtc).AddHours(1),
            feed.ReceivedUtc,
        });
    }

    [Function("GetWeather")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The program's stored hourly weather (temperature, cloud cover where delivered), the latest delivery for each hour. Defaults to the last 24 hours and the next 48.")]
    [QueryParameter("from", TimeRangeQuery.FromDescription)]
    [QueryParameter("to", TimeRangeQuery.ToDescription)]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetWeather(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/weather")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(
            programId, request.Query["from"], request.Query["to"], programs, clock, TimeSpan.FromDays(1), TimeSpan.FromDays(3), MaxSpan, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var zone = program!.FindTimeZone();
        var hours = await weather.FindAsync(programId, fromUtc, toUtc, cancellationToken);
        return Results.Ok(new
        {
            programId,
            timeZone = program.TimeZoneId,
            fromUtc,
            toUtc,
            hours = hours.Select(h => new { h.HourStartUtc, localStart = TimeZoneInfo.ConvertTime(h.HourStartUtc, zone), h.TemperatureC, h.CloudCoverPct, h.Source, h.ReceivedUtc }),
        });
    }
}
