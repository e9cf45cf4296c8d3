using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;

namespace Vpp.Functions.Tests;

/// <summary>The dispatch stack with its device hub behind faults a test picks (<see cref="DispatchStackFixture.FaultsOf{TPort}"/>).</summary>
public sealed class FaultyHubStackFixture : DispatchStackFixture
{
    protected override void ReplaceServices(IServiceCollection services) => PutBehindFaults<IDeviceHub>(services);
}
