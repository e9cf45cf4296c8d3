using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;
using Vpp.Infrastructure.Payments;

namespace Vpp.Infrastructure.Tests;

/// <summary>Payouts through Stripe.net against <see cref="FakeStripe"/>, which checks each request against Stripe's published API.</summary>
public sealed class StripePayoutGatewayTests : IAsyncLifetime
{
    // Long enough for a cold first request on a loaded CI machine; the fake answers a late request after twice this.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly SocketsHttpHandler handler = new();
    private readonly List<StripePayoutGateway> gateways = [];
    private FakeStripe stripe = null!;

    public async Task InitializeAsync() => stripe = await FakeStripe.StartAsync();

    public async Task DisposeAsync()
    {
        await stripe.DisposeAsync();
        gateways.ForEach(g => g.Dispose());
        handler.Dispose();
    }

    private StripePayoutGateway Gateway(int retries = 0, double? requestsPerSecond = StripeSettings.DefaultRequestsPerSecond)
    {
        var gateway = new StripePayoutGateway(
            new StripeSettings(FakeStripe.SecretKey, ApiBase: stripe.ApiBase, MaxNetworkRetries: retries, RequestsPerSecond: requestsPerSecond) { AttemptTimeout = Timeout }, handler);
        gateways.Add(gateway);
        return gateway;
    }

    private static PayoutLine Line(string customerId = "cust-1", string account = "acct_1Customer", decimal total = 123.45m, int version = 1)
    {
        var statement = new CustomerStatement(customerId, new DateOnly(2026, 6, 1), [new EnrolmentStatement("dev-1", customerId, new DateOnly(2026, 6, 1), 4, "pledged", 1, [],
            [new StatementLine(StatementLineKind.Capacity, null, "capacity", 4, "kW-month", 30.8625m, total)])]);
        return PayoutLine.For("prog-1:2026-06", version, statement, account, 0, 5m);
    }

    [Fact]
    public async Task A_payout_line_becomes_one_transfer_in_cents_to_the_connected_account_with_its_own_idempotency_key()
    {
        var outcome = await Gateway().TransferAsync(Line(), CancellationToken.None);

        Assert.True(outcome.Succeeded);
        var transfer = Assert.Single(stripe.Transfers);
        Assert.Equal(outcome.TransferId, transfer["id"]!.GetValue<string>());
        Assert.Equal(12345, transfer["amount"]!.GetValue<long>());
        Assert.Equal("usd", transfer["currency"]!.GetValue<string>());
        Assert.Equal("acct_1Customer", transfer["destination"]!.GetValue<string>());
        Assert.Equal("cust-1", transfer["metadata"]!["customer_id"]!.GetValue<string>());
        Assert.Equal(["vpp-settlement:prog-1:2026-06:v1:cust-1"], stripe.IdempotencyKeys);
        Assert.Empty(stripe.Violations);
    }

    [Fact]
    public async Task Transfers_paid_many_at_once_keep_under_stripes_rate_limit_where_unpaced_ones_are_refused()
    {
        // Stripe's sandbox allows 25 requests a second; a run's batches pay 64 lines at once.
        stripe.RequestsPerSecond = 25;
        var unpaced = Gateway(requestsPerSecond: null);
        var paced = Gateway();
        async Task<TransferOutcome[]> PayAsync(StripePayoutGateway gateway, string prefix) =>
            await Task.WhenAll(Enumerable.Range(0, 60).Select(i => gateway.TransferAsync(Line($"{prefix}-{i}", $"acct_{prefix}{i}"), CancellationToken.None)));

        var refused = await PayAsync(unpaced, "unpaced");
        var refusedByStripe = stripe.RateLimited;
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var outcomes = await PayAsync(paced, "paced");

        Assert.True(refusedByStripe > 0, "the fake's rate limiter refused nothing: the test shows nothing");
        Assert.All(refused.Where(o => !o.Succeeded), o => Assert.True(o.Retryable));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.FailureMessage));
        Assert.Equal(refusedByStripe, stripe.RateLimited);
        Assert.Empty(stripe.Violations);
    }

    [Fact]
    public async Task The_sdks_own_retries_wait_their_turn_too_so_an_outage_does_not_turn_into_refusals()
    {
        // Every first attempt fails and Stripe.net retries it after half a second or so, while later lines still make
        // their first attempts: paced per call rather than per request, the retries came on top of the rate and Stripe
        // refused some of them with 429.
        stripe.RequestsPerSecond = 25;
        stripe.Unavailable(40);
        var gateway = Gateway(retries: 2);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => gateway.TransferAsync(Line($"cust-{i}", $"acct_{i}Customer"), CancellationToken.None)));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.FailureMessage));
        Assert.Equal(0, stripe.RateLimited);
        Assert.Equal(40, stripe.Transfers.Count);
        Assert.Empty(stripe.Violations);
    }

    [Fact]
    public async Task Paying_the_same_line_again_after_a_crash_or_a_duplicate_delivery_returns_the_first_transfer()
    {
        var first = await Gateway().TransferAsync(Line(), CancellationToken.None);
        var again = await Gateway().TransferAsync(Line(), CancellationToken.None);
        var otherCustomer = await Gateway().TransferAsync(Line("cust-2", "acct_2Customer"), CancellationToken.None);

        Assert.Equal(first.TransferId, again.TransferId);
        Assert.NotEqual(first.TransferId, otherCustomer.TransferId);
        Assert.Equal(2, stripe.Transfers.Count);
        Assert.Empty(stripe.Violations);
    }

    [Fact]
    public async Task A_transfer_made_but_answered_too_late_is_a_retryable_failure_and_the_retry_finds_it_rather_than_paying_twice()
    {
        stripe.LateBy = TimeSpan.FromSeconds(6);
        stripe.Late(1);

        var timedOut = await Gateway().TransferAsync(Line(), CancellationToken.None);
        var retried = await Gateway().TransferAsync(Line(), CancellationToken.None);

        Assert.False(timedOut.Succeeded);
        Assert.True(timedOut.Retryable);
        Assert.True(retried.Succeeded);
        Assert.Equal(retried.TransferId, Assert.Single(stripe.Transfers)["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_brief_outage_is_retried_by_the_sdk_with_the_same_key_and_pays_once()
    {
        stripe.Unavailable(2);

        var outcome = await Gateway(retries: 2).TransferAsync(Line(), CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Single(stripe.Transfers);
        Assert.Empty(stripe.Violations);
    }

    [Fact]
    public async Task A_restricted_account_is_a_failure_no_retry_mends_and_a_recomputed_version_has_its_own_key()
    {
        stripe.RestrictedAccounts.Add("acct_1Customer");

        var refused = await Gateway().TransferAsync(Line(), CancellationToken.None);
        var changedAmount = await Gateway().TransferAsync(Line(total: 99m), CancellationToken.None);
        stripe.RestrictedAccounts.Clear();
        var nextVersion = await Gateway().TransferAsync(Line(total: 99m, version: 2), CancellationToken.None);

        Assert.Equal(("account_invalid", false), (refused.FailureCode, refused.Retryable));
        Assert.Equal("idempotency_error", changedAmount.FailureCode);
        Assert.Equal(9900, Assert.Single(stripe.Transfers)["amount"]!.GetValue<long>());
        Assert.True(nextVersion.Succeeded);
    }
}
