using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Diagnostics;
using Vpp.Application.Dispatch;
using Vpp.Application.Participation;
using Vpp.Application.Settlement;

namespace Vpp.Application;

/// <summary>
/// The product's orchestrators and activities, written against Microsoft.DurableTask alone so they run the same under
/// Durable Functions (the main app's thin wrappers) and under the Durable Task worker (the local host, tests).
/// </summary>
public static class DurableTasks
{
    /// <summary>
    /// The version every new orchestration instance is stamped with, for life (ADR 0040). A change that would replay an
    /// instance already running differently (a step added, removed or moved, an input or result reshaped) raises it and
    /// keeps the old path for instances of older versions, chosen by <see cref="TaskOrchestrationContext.Version"/>.
    /// The main app's host.json carries the same value as its <c>defaultVersion</c>.
    /// </summary>
    public const string OrchestrationVersion = "1.1";

    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(OptOutExpiryOrchestrator), typeof(DurableProbeOrchestrator), typeof(DispatchEventOrchestrator), typeof(SettlementRunOrchestrator)];

    public static IReadOnlyList<Type> Activities { get; } = [
        typeof(ClearEndedOptOutsActivity), typeof(RecordProbeStepActivity),
        typeof(AdvanceDispatchEventActivity), typeof(PlanDispatchActivity), typeof(NotifyCustomersActivity), typeof(CommandDevicesActivity),
        typeof(MeasureDeliveryActivity), typeof(CorrectShortfallActivity), typeof(ReleaseSurplusActivity), typeof(ReportDispatchActivity),
        typeof(PrepareSettlementActivity), typeof(ComputeStatementsActivity), typeof(DraftSettlementActivity), typeof(ReadSettlementStatusActivity),
        typeof(RemindApproversActivity), typeof(PayOutSettlementActivity), typeof(ExportSettlementActivity), typeof(AdvanceSettlementActivity),
        typeof(HoldSettlementActivity),
    ];

    /// <summary>The one registration: every orchestrator and activity, by its <see cref="DurableTaskAttribute"/> name.</summary>
    public static DurableTaskRegistry AddVppTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(NameOf(orchestrator), orchestrator);
        }

        foreach (var activity in Activities)
        {
            registry.AddActivity(NameOf(activity), activity);
        }

        return registry;
    }

    /// <summary>Activities take their dependencies from the container; hosts that build them directly resolve them here.</summary>
    public static IServiceCollection AddVppActivities(this IServiceCollection services)
    {
        foreach (var activity in Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }

    public static string NameOf(Type task) =>
        task.GetCustomAttribute<DurableTaskAttribute>()?.Name.Name ?? throw new InvalidOperationException($"{task.Name} carries no [DurableTask] name.");
}
