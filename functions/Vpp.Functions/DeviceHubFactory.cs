using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Tables;

namespace Vpp.Functions;

/// <summary>Chooses the device hub adapter: IoT Hub when a connection string is configured, the local stand-in otherwise.</summary>
public static class DeviceHubFactory
{
    public static IDeviceHub Create(IServiceProvider services, IConfiguration configuration)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        if (configuration["IoTHub:ConnectionString"] is { Length: > 0 } connection)
        {
            return new IotHubDeviceHub(
                services.GetRequiredService<IHttpClientFactory>().CreateClient("iothub"),
                IotHubConnection.Parse(connection),
                clock);
        }

        return new LocalDeviceHub(services.GetRequiredService<StorageTables>(), services.GetRequiredService<TwinChangeFeed>(), clock);
    }
}
