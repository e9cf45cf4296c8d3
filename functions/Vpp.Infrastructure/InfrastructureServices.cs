using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.Application.Diagnostics;
using Vpp.Application.Dispatch;
using Vpp.Application.Fleet;
using Vpp.Application.Forecasting;
using Vpp.Application.Optimization;
using Vpp.Application.Participation;
using Vpp.Application.Pricing;
using Vpp.Application.Programs;
using Vpp.Application.Scheduling;
using Vpp.Application.Settlement;
using Vpp.Application.Telemetry;
using Vpp.Application.Weather;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Optimization;
using Vpp.Infrastructure.Storage;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure;

/// <summary>
/// The adapters behind the application's ports, from configuration: storage (<c>AzureWebJobsStorage</c>; the telemetry
/// ledger in <c>TelemetryStorage</c> when that is set), the device
/// hub (<c>IoTHub:ConnectionString</c> or <c>IoTHub:HostName</c>, else the local stand-in on the same storage), the LP
/// solver, the mobile backend's webhook (<c>MobileWebhook:Url</c> and <c>:Secret</c>). Tables and containers are created when the host starts.
/// </summary>
public static class InfrastructureServices
{
    public static IServiceCollection AddVppInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // Bounded pool: a burst of invocations must queue for connections, not exhaust the process's sockets.
        services.AddHttpClient("iothub").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton(_ => StorageAccount.FromConfiguration(configuration));
        services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<StorageAccount>(), StorageAccount.TelemetryFromConfiguration(configuration)));
        services.AddSingleton<TableFleetStore>();
        services.AddSingleton<IDeviceRegistry>(sp => sp.GetRequiredService<TableFleetStore>());
        services.AddSingleton<ILatestStateStore>(sp => sp.GetRequiredService<TableFleetStore>());
        services.AddSingleton<IIngestionProgressStore>(sp => new TableIngestionProgressStore(sp.GetRequiredService<StorageTables>()));
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
        services.AddSingleton<IDispatchPlanStore, TableDispatchPlanStore>();
        services.AddSingleton<IDeviceCommandLedger, TableDeviceCommandLedger>();
        services.AddSingleton<INotificationStore, TableNotificationStore>();
        services.AddSingleton<IDispatchDeliveryStore, TableDispatchDeliveryStore>();
        services.AddSingleton<IDispatchReportStore, BlobDispatchReportStore>();
        services.AddHttpClient("mobile-webhook", http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<IMobileWebhook>(sp => MobileWebhook(sp, configuration));
        services.AddSingleton<TwinChangeFeed>();
        services.AddSingleton<IDeviceHub>(sp => DeviceHubFactory.Create(sp, configuration));
        services.AddSingleton<ILpSolver, OrToolsSolver>();
        services.AddSingleton<ISettlementTermsStore, TableSettlementTermsStore>();
        services.AddSingleton<ISettlementRunStore, TableSettlementRunStore>();
        services.AddSingleton<IPayoutAccountStore, TablePayoutAccountStore>();
        services.AddSingleton<ISettlementExports, Settlement.BlobSettlementExports>();
        services.AddHttpClient("stripe");
        services.AddSingleton<IPayoutGateway>(sp => PayoutGateway(sp, configuration));
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Stripe Connect when <c>Stripe:SecretKey</c> is set (<c>Stripe:ApiBase</c> only to point it elsewhere, as tests do); the local stand-in otherwise.</summary>
    private static IPayoutGateway PayoutGateway(IServiceProvider services, IConfiguration configuration)
    {
        if (configuration["Stripe:SecretKey"] is not { Length: > 0 } key)
        {
            return new Payments.LocalPayoutGateway(services.GetRequiredService<StorageTables>());
        }

        var apiBase = configuration["Stripe:ApiBase"] is { Length: > 0 } given ? new Uri(given) : null;
        var perSecond = configuration.GetValue("Stripe:RequestsPerSecond", Payments.StripeSettings.DefaultRequestsPerSecond);
        return new Payments.StripePayoutGateway(new Payments.StripeSettings(key, configuration["Stripe:Currency"] ?? "usd", apiBase, RequestsPerSecond: perSecond),
            services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("stripe"));
    }

    /// <summary>The mobile backend's webhook when <c>MobileWebhook:Url</c> is set (its Standard Webhooks secret is then required); records only otherwise.</summary>
    private static IMobileWebhook MobileWebhook(IServiceProvider services, IConfiguration configuration)
    {
        if (configuration["MobileWebhook:Url"] is not { Length: > 0 } url)
        {
            return new Notifications.RecordOnlyMobileWebhook();
        }

        // A Standard Webhooks secret: "whsec_" and base64 of 24 bytes or more (32 characters).
        const string Prefix = "whsec_";
        var secret = configuration["MobileWebhook:Secret"] is { } configured && configured.Replace(Prefix, string.Empty, StringComparison.Ordinal).Length >= 32
            ? configured
            : throw new InvalidOperationException($"MobileWebhook:Secret must be set when MobileWebhook:Url is: {Prefix} and at least 24 bytes in base64.");
        StandardWebhooks.StandardWebhook signer;
        try
        {
            signer = new StandardWebhooks.StandardWebhook(secret);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"MobileWebhook:Secret is not base64 after {Prefix}.", ex);
        }

        return new Notifications.SignedMobileWebhook(services.GetRequiredService<IHttpClientFactory>().CreateClient("mobile-webhook"), new Uri(url), signer, services.GetRequiredService<TimeProvider>());
    }
}
