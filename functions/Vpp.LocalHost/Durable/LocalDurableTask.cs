using DurableTask.AzureStorage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vpp.Application;
using Vpp.LocalHost.Azurite;

namespace Vpp.LocalHost.Durable;

/// <summary>
/// The local host's durable stack: the product's orchestrations (<see cref="DurableTasks"/>) on
/// Microsoft.DurableTask.Worker, a client to start and query them, and the Azure Storage backend behind a loopback gRPC
/// sidecar (<see cref="DurableSidecarHost"/>).
/// </summary>
public static class LocalDurableTask
{
    public const string TaskHub = "VppHub";

    public static IServiceCollection AddLocalDurableTask(this IServiceCollection services, string storageConnectionString)
    {
        var port = AzuriteProcess.FreePort();
        services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            PartitionCount = 4,
            // A message a killed host had taken comes back after this long (5 minutes by default): short, locally.
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
            // Idle, each queue is polled at most this often: Azurite (one Node process) is the local stack's ceiling,
            // and faster polling took a measurable share of it from telemetry ingestion (docs/benchmarks.md).
            MaxQueuePollingInterval = TimeSpan.FromSeconds(5),
            // A start the caller's dedupe statuses refuse answers "already exists", as in Azure, instead of succeeding
            // without starting anything (OrchestrationStarts).
            ThrowExceptionOnInvalidDedupeStatus = true,
        }));
        services.AddSingleton(sp => new DurableSidecarHost(port, sp.GetRequiredService<AzureStorageOrchestrationService>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecarHost>());
        var address = $"http://127.0.0.1:{port}";
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(grpc =>
            {
                grpc.Address = address;
                // The worker takes two minutes without a message as a dead stream and reconnects: a backend in the cloud
                // pings it, the sidecar never does, so an idle local stack reconnected every two minutes and a work item
                // sent as it did was lost until its message came back. The sidecar runs in this process: its stream
                // cannot die alone.
                grpc.SetSilentDisconnectTimeout(TimeSpan.Zero);
            });
            worker.AddTasks(tasks => tasks.AddVppTasks());
            worker.UseVersioning(Versioning);
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(address);
            client.UseDefaultVersion(DurableTasks.OrchestrationVersion);
            client.RegisterDirectly();
        });
        return services;
    }

    /// <summary>
    /// What the main app's host.json asks of Durable Functions (ADR 0040): new instances, sub-orchestrations included,
    /// are stamped <see cref="DurableTasks.OrchestrationVersion"/>; instances of that version or older are run; a newer
    /// one (from a newer build sharing the task hub) is left untouched for a worker that knows it.
    /// </summary>
    public static DurableTaskWorkerOptions.VersioningOptions Versioning => new()
    {
        Version = DurableTasks.OrchestrationVersion,
        DefaultVersion = DurableTasks.OrchestrationVersion,
        MatchStrategy = DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder,
        FailureStrategy = DurableTaskWorkerOptions.VersionFailureStrategy.Reject,
    };
}
