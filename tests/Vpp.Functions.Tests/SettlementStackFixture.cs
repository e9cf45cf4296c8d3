using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Settlement;
using Vpp.Infrastructure.Tests;
using Vpp.TestSupport.Faults;

namespace Vpp.Functions.Tests;

/// <summary>The main app's durable stack on Azurite (<see cref="DispatchStackFixture"/>) paying through Stripe.net into the fake Stripe, with reminders every few seconds.</summary>
public sealed class SettlementStackFixture : DispatchStackFixture
{
    public FakeStripe Stripe { get; private set; } = null!;

    /// <summary>The run store's calls a test makes fail, as a store that is down.</summary>
    public FaultyCalls<ISettlementRunStore> RunStoreFaults => (FaultyCalls<ISettlementRunStore>)(object)App.Services.GetRequiredService<ISettlementRunStore>();

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

    protected override void ReplaceServices(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(ISettlementRunStore)).ImplementationType!;
        services.AddSingleton(real);
        services.AddSingleton(provider => FaultyPorts.Wrap((ISettlementRunStore)provider.GetRequiredService(real)));
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Stripe:SecretKey"] = FakeStripe.SecretKey,
        ["Stripe:ApiBase"] = Stripe.ApiBase.ToString(),
        ["Settlement:ReminderHours"] = "0.001",
        ["Settlement:BatchSize"] = "2",
    };
}
