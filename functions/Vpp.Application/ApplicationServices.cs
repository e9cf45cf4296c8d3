using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Vpp.Application.Devices;
using Vpp.Application.Fleet;
using Vpp.Application.Forecasting;
using Vpp.Application.Optimization;
using Vpp.Application.Participation;
using Vpp.Application.Scheduling;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;

namespace Vpp.Application;

/// <summary>The application layer's composition: every use case, over the ports <c>AddVppInfrastructure</c> provides.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddVppApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CachedDeviceLookup>();
        services.AddSingleton(new TelemetryValidator());
        services.AddSingleton(sp => new TelemetryIngestion(
            sp.GetRequiredService<CachedDeviceLookup>(),
            sp.GetRequiredService<ITelemetryLedgerStore>(),
            sp.GetRequiredService<ILatestStateStore>(),
            sp.GetRequiredService<IIngestionProgressStore>(),
            sp.GetRequiredService<IDeadLetterStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<TelemetryValidator>()));
        services.AddSingleton<FleetService>();
        // Not given the registered TimeProvider: that is the program's clock, and a plan's time limit is compute time.
        services.AddSingleton(sp => new FleetPlanner(sp.GetRequiredService<ILpSolver>(), sp.GetService<ILogger<FleetPlanner>>()));
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<ScheduleQueryService>();
        services.AddSingleton<DeviceHabitsLearner>();
        services.AddSingleton<OptOutService>();
        services.AddSingleton<ForecastService>();
        services.AddSingleton<DeviceRegistrationService>();
        services.AddSingleton<DeviceDetailsService>();
        services.AddSingleton<Dispatch.DispatchEventService>();
        services.AddSingleton<Dispatch.DispatchPlanning>();
        services.AddSingleton<Dispatch.DispatchCommander>();
        services.AddSingleton<Dispatch.CustomerNotifier>();
        services.AddSingleton<Dispatch.DeliveryMonitor>();
        services.AddSingleton<Dispatch.ShortfallCorrector>();
        services.AddSingleton<Dispatch.SurplusReleaser>();
        services.AddSingleton<Dispatch.DispatchReporter>();
        services.AddSingleton<Dispatch.DispatchQueryService>();
        services.AddSingleton<Dispatch.UnfinishedEvents>();
        services.AddSingleton<Dispatch.EventProposer>();
        services.AddSingleton<Settlement.EventSettler>();
        services.AddSingleton<Settlement.MonthStatements>();
        services.TryAddSingleton(new Settlement.SettlementSettings());
        services.AddSingleton<Settlement.SettlementRunSteps>();
        services.AddSingleton<Settlement.SettlementRunService>();
        services.AddSingleton<Settlement.CustomerSettlementQueries>();
        services.AddVppActivities();
        return services;
    }
}
