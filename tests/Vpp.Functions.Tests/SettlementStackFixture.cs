using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Settlement;
using Vpp.Infrastructure.Tests;

namespace Vpp.Functions.Tests;

/// <summary>
/// The main app's durable stack on Azurite (<see cref="DispatchStackFixture"/>) paying through Stripe.net into the fake
/// Stripe, with reminders every few seconds; its run store behind faults a test picks.
/// </summary>
public sealed class SettlementStackFixture : DispatchStackFixture
{
    public FakeStripe Stripe { get; private set; } = null!;


    public override async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    protected override void ReplaceServices(IServiceCollection services) => PutBehindFaults<ISettlementRunStore>(services);

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Stripe:SecretKey"] = FakeStripe.SecretKey,
        ["Stripe:ApiBase"] = Stripe.ApiBase.ToString(),
        ["Settlement:ReminderHours"] = "0.001",
        ["Settlement:BatchSize"] = "2",
        // A batch's payouts that keep failing are held after ten tries in about 12 s, not 20 minutes.
        ["Settlement:PayoutRetrySeconds"] = "0.05",
    };
}
