using Microsoft.Extensions.Hosting;
using Vpp.Infrastructure.Tables;

namespace Vpp.Functions;

/// <summary>Creates the app's tables and containers before the first invocation.</summary>
public sealed class StorageInitializer(StorageTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.CreateAllAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
