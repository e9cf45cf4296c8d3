using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Programs;
using Vpp.Application.Weather;
using Vpp.Domain.Weather;
using Vpp.Functions.Security;

namespace Vpp.Functions.Weather;

/// <summary>
/// The weather feed: a provider (or the utility's integration acting for one) delivers each program's hourly weather,
/// observed and forecast: outdoor temperatures, which ForecastRefresh's load regression uses, and cloud cover where the
/// provider gives it, by which it forecasts the homes' rooftop solar.
/// </summary>
public static class WeatherEndpoints
{
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(21);

    public sealed record HourRequest(string? HourStartUtc, double? TemperatureC, double? CloudCoverPct);

    public sealed record WeatherRequest(string? Source, IReadOnlyList<HourRequest?>? Hours);

    public static IEndpointRouteBuilder MapWeatherApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/programs/{programId}/weather", async (string programId, HttpRequest request, IProgramStore programs, IWeatherStore weather, TimeProvider clock, CancellationToken ct) =>
            {
                var (body, problem) = await RequestBody.ReadAsync<WeatherRequest>(request, ct);
                if (problem is not null)
                {
                    return problem;
                }

                if (await programs.FindAsync(programId, ct) is null)
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

                await weather.SaveAsync(programId, feed, ct);
                return Results.Ok(new
                {
                    programId,
                    hours = hours.Count,
                    fromUtc = hours.Min(h => h.HourStartUtc),
                    toUtc = hours.Max(h => h.HourStartUtc).AddHours(1),
                    feed.ReceivedUtc,
                });
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("PutWeather")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("Delivers hourly weather (observed or forecast) for the program's area: the outdoor temperature, and the cloud cover in percent where the provider gives it; each hour replaces what earlier deliveries said about it.")
            .Accepts<WeatherRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/programs/{programId}/weather", async (string programId, string? from, string? to, IProgramStore programs, IWeatherStore weather, TimeProvider clock, CancellationToken ct) =>
            {
                var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(programId, from, to, programs, clock, TimeSpan.FromDays(1), TimeSpan.FromDays(3), MaxSpan, ct);
                if (problem is not null)
                {
                    return problem;
                }

                var zone = program!.FindTimeZone();
                var hours = await weather.FindAsync(programId, fromUtc, toUtc, ct);
                return Results.Ok(new
                {
                    programId,
                    timeZone = program.TimeZoneId,
                    fromUtc,
                    toUtc,
                    hours = hours.Select(h => new { h.HourStartUtc, localStart = TimeZoneInfo.ConvertTime(h.HourStartUtc, zone), h.TemperatureC, h.CloudCoverPct, h.Source, h.ReceivedUtc }),
                });
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetWeather")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The program's stored hourly weather (temperature, cloud cover where delivered), the latest delivery for each hour. Defaults to the last 24 hours and the next 48.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
