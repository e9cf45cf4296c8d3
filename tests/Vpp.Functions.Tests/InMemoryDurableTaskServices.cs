using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application;
using Vpp.Application.Tests;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Durable;

namespace Vpp.Functions.Tests;

/// <summary>
/// The product's orchestrations on the in-memory Durable Task backend, stamped and matched by version as the main
/// app's host.json and the local host have them (ADR 0040), with an <see cref="OrchestrationRecorder"/> on the worker
/// so a test can replay (and keep) the history of what it ran.
/// </summary>
public static class InMemoryDurableTaskServices
{
    public static IServiceCollection AddVppInMemoryDurableTask(this IServiceCollection services)
    {
        services.AddInMemoryDurableTask(tasks => tasks.AddVppTasks(), new InMemoryDurableTaskOptions { Port = AzuriteProcess.FreePort() });
        services.AddDurableTaskClient(client => client.UseDefaultVersion(DurableTasks.OrchestrationVersion));
        services.AddDurableTaskWorker(worker => worker.UseVersioning(LocalDurableTask.Versioning));
        var recorder = new OrchestrationRecorder();
        services.AddSingleton(recorder);
        services.Configure<GrpcDurableTaskWorkerOptions>(options => options.Interceptors.Add(recorder));
        return services;
    }
}
