namespace Vpp.Infrastructure.Storage;

/// <summary>How a request to Azure Storage proves who sends it.</summary>
public abstract class StorageCredential
{
    /// <summary>Adds the Authorization header; called once per attempt, after every other header is set.</summary>
    internal abstract ValueTask AuthorizeAsync(HttpRequestMessage request, StorageService service, CancellationToken cancellationToken);

    public static StorageCredential FromConnectionString(StorageConnectionString connection) =>
        connection.AccountKey is { } key
            ? new SharedKeyStorageCredential(connection.AccountName, key)
            : throw new InvalidOperationException(
                $"The storage connection string for account '{connection.AccountName}' has no AccountKey; use an Entra ID credential.");
}
