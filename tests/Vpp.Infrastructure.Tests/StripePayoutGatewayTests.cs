using Vpp.Domain.Settlement;
using Vpp.Infrastructure.Payments;

namespace Vpp.Infrastructure.Tests;

/// <summary>Payouts through Stripe.net against <see cref="FakeStripe"/>, which checks each request against Stripe's published API.</summary>
public sealed class StripePayoutGatewayTests : IAsyncLifetime
{
    // Long enough for a cold first request on a loaded CI machine; the fake answers a late request after twice this.
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private FakeStripe stripe = null!;

    public async Task InitializeAsync() => stripe = await FakeStripe.StartAsync();

    public async Task DisposeAsync()
    {
        await stripe.DisposeAsync();
        http.Dispose();
    }

    private StripePayoutGateway Gateway(int retries = 0) => new(new StripeSettings(FakeStripe.SecretKey, ApiBase: stripe.ApiBase, MaxNetworkRetries: retries), http);

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
