using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Pricing;
using Vpp.Application.Programs;
using Vpp.Domain.Pricing;
using Vpp.Functions.Security;

namespace Vpp.Functions.Pricing;

/// <summary>
/// The price feed: the market (or the utility's integration acting for it) delivers each program's day-ahead energy
/// prices; ScheduleOptimize plans energy-cost programs on them when they cover a whole horizon.
/// </summary>
public static class PriceEndpoints
{
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(14);

    public sealed record PriceRequest(string? StartUtc, decimal? PricePerKwh);

    public sealed record PriceFeedRequest(string? Source, int? IntervalMinutes, IReadOnlyList<PriceRequest?>? Prices);

    public static IEndpointRouteBuilder MapPriceApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/programs/{programId}/prices", async (string programId, HttpRequest request, IProgramStore programs, IPriceStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var (body, problem) = await RequestBody.ReadAsync<PriceFeedRequest>(request, ct);
                if (problem is not null)
                {
                    return problem;
                }

                if (await programs.FindAsync(programId, ct) is null)
                {
                    return Problems.NotFound($"program '{programId}' does not exist");
                }

                var (prices, errors) = FeedItems.Read(
                    body!.Prices ?? [], "prices", ("startUtc", p => p.StartUtc), ("pricePerKwh", "per kWh in the currency's major unit", p => p.PricePerKwh), (_, at, price) => new MarketPrice(at, price));
                if (errors.Count > 0)
                {
                    return Problems.Validation(errors);
                }

                var feed = new PriceFeed(body.Source ?? "", clock.GetUtcNow(), body.IntervalMinutes ?? 0, prices);
                if (feed.Validate() is { Count: > 0 } invalid)
                {
                    return Problems.Validation(invalid);
                }

                await store.SaveAsync(programId, feed, ct);
                return Results.Ok(new
                {
                    programId,
                    intervals = prices.Count,
                    fromUtc = prices.Min(p => p.StartUtc),
                    toUtc = prices.Max(p => p.StartUtc) + feed.Interval,
                    feed.ReceivedUtc,
                });
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("PutPrices")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("Delivers day-ahead energy prices (per kWh, hourly or per quarter hour) for the program's price zone; each interval replaces what earlier deliveries said about it.")
            .Accepts<PriceFeedRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/programs/{programId}/prices", async (string programId, string? from, string? to, IProgramStore programs, IPriceStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(programId, from, to, programs, clock, TimeSpan.FromDays(1), TimeSpan.FromDays(3), MaxSpan, ct);
                if (problem is not null)
                {
                    return problem;
                }

                var zone = program!.FindTimeZone();
                var prices = await store.FindAsync(programId, fromUtc, toUtc, ct);
                return Results.Ok(new
                {
                    programId,
                    timeZone = program.TimeZoneId,
                    fromUtc,
                    toUtc,
                    prices = prices.Select(p => new { p.StartUtc, localStart = TimeZoneInfo.ConvertTime(p.StartUtc, zone), p.IntervalMinutes, p.PricePerKwh, p.Source, p.ReceivedUtc }),
                });
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetPrices")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The program's stored day-ahead prices, the latest delivery for each interval. Defaults to the last 24 hours and the next 48.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
