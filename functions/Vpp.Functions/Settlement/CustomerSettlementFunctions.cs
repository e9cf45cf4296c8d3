using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Settlement;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Settlement;

/// <summary>
/// A customer's own settlement: their statements in approved runs, their earnings this year, their payout account.
/// Who they are comes from the token's subject alone, so no customer can read another's.
/// </summary>
public sealed partial class CustomerSettlementFunctions(CustomerSettlementQueries queries, IPayoutAccountStore accounts, TimeProvider clock)
{
    [Function("GetMyStatements")]
    [Authorize(Policy = Policies.Customer)]
    [EndpointSummary("The caller's statements in approved runs, newest month first, each explained per device and event, with its payout.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    public async Task<IResult> Statements(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/me/statements")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (Subject(request) is not { } customerId)
        {
            return NotACustomer();
        }

        var statements = await queries.StatementsAsync(customerId, cancellationToken);
        return Results.Json(new { customerId, statements = statements.Select(s => CustomerStatementView.Of(s.ProgramId, s.Month, s.Version, s.RunStatus, s.Line)) }, RequestBody.Options);
    }

    [Function("GetMyEarnings")]
    [Authorize(Policy = Policies.Customer)]
    [EndpointSummary("The caller's earnings to date in a year (?year=, default this year): earned in approved statements, transferred, and still owed.")]
    [QueryParameter("year", "The calendar year; this year when left out.")]
    [ProducesResponseType<CustomerEarnings>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IResult> Earnings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/me/earnings")] HttpRequest request, CancellationToken cancellationToken)
    {
        var year = clock.GetUtcNow().Year;
        if (request.Query["year"] is { Count: > 0 } given && !(int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out year) && Instants.IsPlausibleYear(year)))
        {
            return Problems.Validation("year", $"a year from {Instants.EarliestYear} to {Instants.LatestYear}");
        }

        return Subject(request) is { } customerId ? Results.Ok(await queries.EarningsAsync(customerId, year, cancellationToken)) : NotACustomer();
    }

    [Function("PutMyPayoutAccount")]
    [Authorize(Policy = Policies.Customer)]
    [EndpointSummary("Records the caller's payout account: the Stripe connected account (acct_…) their onboarding with Stripe created. Amounts carried for want of one are paid in the next run.")]
    [Consumes(typeof(PayoutAccountBody), "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IResult> PutPayoutAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/me/payout-account")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<PayoutAccountBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.ConnectedAccountId is not { } account || !ConnectedAccount().IsMatch(account))
        {
            return Problems.Validation("connectedAccountId", "required: a Stripe connected account id, acct_ followed by letters and digits");
        }

        if (Subject(request) is not { } customerId)
        {
            return NotACustomer();
        }

        await accounts.SaveAsync(customerId, account, cancellationToken);
        return Results.Ok(new { customerId, connectedAccountId = account });
    }

    /// <summary>The caller's customer id: their token's subject, unless it is not one a customer can have (no device can be enrolled to it).</summary>
    private static string? Subject(HttpRequest request) =>
        request.HttpContext.User.FindFirstValue("sub") is { } subject && CustomerIdentifier.IsValid(subject) ? subject : null;

    private static ForbiddenProblem NotACustomer() => new($"the token's subject is not a customer id ({CustomerIdentifier.Rule})");

    [GeneratedRegex("^acct_[A-Za-z0-9]{1,64}$")]
    private static partial Regex ConnectedAccount();
}
