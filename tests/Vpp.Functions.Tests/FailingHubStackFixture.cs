using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.TestSupport.Devices;

namespace Vpp.Functions.Tests;

/// <summary>The dispatch stack with its device hub behind a <see cref="FailingHub"/> that a test tells which twin writes to refuse.</summary>
public sealed class FailingHubStackFixture : DispatchStackFixture
{
    public FailingHub Hub => App.Services.GetRequiredService<FailingHub>();

    protected override void ReplaceServices(IServiceCollection services)
    {
        var hub = services.Last(d => d.ServiceType == typeof(IDeviceHub));
        services.AddSingleton(provider => new FailingHub((IDeviceHub)hub.ImplementationFactory!(provider)));
        services.AddSingleton<IDeviceHub>(provider => provider.GetRequiredService<FailingHub>());
    }
}
