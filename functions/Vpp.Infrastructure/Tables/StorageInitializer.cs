using Microsoft.Extensions.Hosting;

namespace Vpp.Infrastructure.Tables;

/// <summary>Creates the app's tables and containers before the first invocation.</summary>
public sealed class StorageInitializer(StorageTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.CreateAllAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
