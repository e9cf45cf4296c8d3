using Vpp.Application.Dispatch;
using Vpp.Application.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.Application.Fleet;
using Vpp.Application.Forecasting;
using Vpp.Application.Optimization;
using Vpp.Application.Participation;
using Vpp.Application.Pricing;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Telemetry;
using Vpp.Application.Weather;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Optimization;
using Vpp.Infrastructure.Storage;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure;

/// <summary>
/// The adapters behind the application's ports, from configuration: storage (<c>AzureWebJobsStorage</c>), the device
/// hub (<c>IoTHub:ConnectionString</c> or <c>IoTHub:HostName</c>, else the local stand-in on the same storage), the LP
/// solver. Tables and containers are created when the host starts.
/// </summary>
public static class InfrastructureServices
{
    public static IServiceCollection AddVppInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // Bounded pool: a burst of invocations must queue for connections, not exhaust the process's sockets.
        services.AddHttpClient("iothub").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton(_ => StorageAccount.FromConfiguration(configuration));
        services.AddSingleton<StorageTables>();
        services.AddSingleton<TableFleetStore>();
        services.AddSingleton<IDeviceRegistry>(sp => sp.GetRequiredService<TableFleetStore>());
        services.AddSingleton<ILatestStateStore>(sp => sp.GetRequiredService<TableFleetStore>());
        services.AddSingleton<IProgramStore, TableProgramStore>();
        services.AddSingleton<TableDeadLetterStore>();
        services.AddSingleton<IDeadLetterStore>(sp => sp.GetRequiredService<TableDeadLetterStore>());
        services.AddSingleton<IFleetSnapshotStore, TableFleetSnapshotStore>();
        services.AddSingleton<ITelemetryLedgerStore>(sp => new TableTelemetryLedgerStore(sp.GetRequiredService<StorageTables>().TelemetryLedger));
        services.AddSingleton<IScheduleStore, TableScheduleStore>();
        services.AddSingleton<IForecastStore, TableForecastStore>();
        services.AddSingleton<IDeviceHabitsStore, TableDeviceHabitsStore>();
        services.AddSingleton<IOptOutStore, TableOptOutStore>();
        services.AddSingleton<IWeatherStore, TableWeatherStore>();
        services.AddSingleton<IPriceStore, TablePriceStore>();
        services.AddSingleton<IProbeLedger, TableProbeLedger>();
        services.AddSingleton<IDispatchEventStore, TableDispatchEventStore>();
        services.AddSingleton<TwinChangeFeed>();
        services.AddSingleton<IDeviceHub>(sp => DeviceHubFactory.Create(sp, configuration));
        services.AddSingleton<ILpSolver, OrToolsSolver>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
