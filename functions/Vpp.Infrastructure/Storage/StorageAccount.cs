using Azure.Core;

namespace Vpp.Infrastructure.Storage;

/// <summary>Entry point to one storage account: hands out table, queue and blob clients sharing one transport per service.</summary>
public sealed class StorageAccount
{
    private readonly StorageTransport transport;

    public StorageAccount(HttpClient http, StorageConnectionString connection, TimeProvider clock, TokenCredential? entraCredential = null)
    {
        Connection = connection;
        var credential = entraCredential is null
            ? StorageCredential.FromConnectionString(connection)
            : new TokenStorageCredential(entraCredential, clock);
        transport = new StorageTransport(http, credential, clock);
    }

    public StorageConnectionString Connection { get; }

    public TableClient Table(string name) => new(transport, Connection.TableEndpoint, name);

    public QueueClient Queue(string name) => new(transport, Connection.QueueEndpoint, name);

    public BlobContainerClient Container(string name) => new(transport, Connection.BlobEndpoint, name);
}
