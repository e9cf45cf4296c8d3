using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vpp.LocalHost.Durable;

/// <summary>
/// The backend the local Durable Task worker and client talk to: the Durable Task Framework's Azure Storage provider
/// (the provider family Durable Functions uses in Azure) on Azurite, served over gRPC on a loopback port by the
/// InProcessTestHost package's <see cref="TaskHubGrpcServer"/> (ARCHITECTURE §4). Orchestration state lives in
/// storage, so orchestrations survive a restart of the local host.
/// </summary>
public sealed class DurableSidecarHost(int port, AzureStorageOrchestrationService service, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? sidecar;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new LocalOrchestrationService(service, TimeProvider.System, loggers.CreateLogger<LocalOrchestrationService>()));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stopping the sidecar stops the dispatcher and with it the orchestration service (LocalOrchestrationService).
        if (sidecar is not null)
        {
            await sidecar.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (sidecar is not null)
        {
            await sidecar.DisposeAsync();
            sidecar = null;
        }
    }
}
