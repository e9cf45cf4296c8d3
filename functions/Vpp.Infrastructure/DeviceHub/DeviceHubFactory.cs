using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>
/// Chooses the device hub adapter: IoT Hub with a SAS connection string (IoTHub:ConnectionString) or with Entra ID
/// (IoTHub:HostName), the local stand-in otherwise.
/// </summary>
internal static class DeviceHubFactory
{
    public static IDeviceHub Create(IServiceProvider services, IConfiguration configuration)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("iothub");
        if (configuration["IoTHub:ConnectionString"] is { Length: > 0 } connection)
        {
            return new IotHubDeviceHub(http, IotHubConnection.Parse(connection), clock, throttle: Throttle(configuration));
        }

        // Keyless: the app's managed identity (or the developer's sign-in) with an IoT Hub data-plane role.
        if (configuration["IoTHub:HostName"] is { Length: > 0 } hostName)
        {
            return new IotHubDeviceHub(http, hostName, new Azure.Identity.DefaultAzureCredential(), clock, throttle: Throttle(configuration));
        }

        return new LocalDeviceHub(services.GetRequiredService<StorageTables>(), services.GetRequiredService<TwinChangeFeed>(), clock);
    }

    /// <summary>The hub's twin-update throttle from <c>IoTHub:TwinUpdatesPerSecond</c> (S1/S2: 50; S3: 250 per unit).</summary>
    private static IotHubThrottle Throttle(IConfiguration configuration) =>
        new(configuration.GetValue<double?>("IoTHub:TwinUpdatesPerSecond") ?? IotHubThrottle.DefaultTwinUpdatesPerSecond);
}
