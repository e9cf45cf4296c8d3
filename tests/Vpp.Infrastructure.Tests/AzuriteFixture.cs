using Vpp.Infrastructure.Storage;
using Vpp.LocalHost.Azurite;

namespace Vpp.Infrastructure.Tests;

/// <summary>One in-memory Azurite per test class that uses it; stopped by process id when the class is done.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    public StorageAccount Account { get; private set; } = null!;

    public AzuriteProcess Process => azurite ?? throw new InvalidOperationException("Azurite not started.");

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync();
        Account = StorageAccount.FromConnectionString(azurite.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>A table or container name no other test uses.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
