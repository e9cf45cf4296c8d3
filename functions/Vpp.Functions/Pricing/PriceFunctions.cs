using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Pricing;
using Vpp.Application.Programs;
using Vpp.Domain.Pricing;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Pricing;

/// <summary>
/// The price feed: the market (or the utility's integration acting for it) delivers each program's day-ahead energy
/// prices; ScheduleOptimize plans energy-cost programs on them when they cover a whole horizon.
/// </summary>
public sealed class PriceFunctions(IProgramStore programs, IPriceStore store, TimeProvider clock)
{
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(14);

    [Function("PutPrices")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("Delivers day-ahead energy prices (per kWh, hourly or per quarter hour) for the program's price zone; each interval replaces what earlier deliveries said about it.")]
    [Consumes(typeof(PriceFeedRequest), "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> PutPrices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "programs/{programId}/prices")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<PriceFeedRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (await programs.FindAsync(programId, cancellationToken) is null)
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

        await store.SaveAsync(programId, feed, cancellationToken);
        return Results.Ok(new
        {
            programId,
            intervals = prices.Count,
            fromUtc = prices.Min(p => p.StartUtc),
            toUtc = prices.Max(p => p.StartUtc) + feed.Interval,
            feed.ReceivedUtc,
        });
    }

    [Function("GetPrices")]
    [Authorize(Policy = Policies.ProgramManager)]
    [EndpointSummary("The program's stored day-ahead prices, the latest delivery for each interval. Defaults to the last 24 hours and the next 48.")]
    [QueryParameter("from", TimeRangeQuery.FromDescription)]
    [QueryParameter("to", TimeRangeQuery.ToDescription)]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetPrices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programs/{programId}/prices")] HttpRequest request, string programId, CancellationToken cancellationToken)
    {
        var (program, fromUtc, toUtc, problem) = await TimeRangeQuery.ForProgramAsync(
            programId, request.Query["from"], request.Query["to"], programs, clock, TimeSpan.FromDays(1), TimeSpan.FromDays(3), MaxSpan, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var zone = program!.FindTimeZone();
        var prices = await store.FindAsync(programId, fromUtc, toUtc, cancellationToken);
        return Results.Ok(new
        {
            programId,
            timeZone = program.TimeZoneId,
            fromUtc,
            toUtc,
            prices = prices.Select(p => new { p.StartUtc, localStart = TimeZoneInfo.ConvertTime(p.StartUtc, zone), p.IntervalMinutes, p.PricePerKwh, p.Source, p.ReceivedUtc }),
        });
    }
}
