using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Vpp.Infrastructure.Tables;

/// <summary>Whole-blob reads and writes over the Azure SDK's <see cref="BlobContainerClient"/>.</summary>
internal static class BlobContents
{
    public static Task UploadAsync(this BlobContainerClient container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);

    /// <summary>The blob's bytes, or null when there is no such blob.</summary>
    public static async Task<byte[]?> DownloadOrNullAsync(this BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static async Task<IReadOnlyList<string>> ListNamesAsync(this BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
