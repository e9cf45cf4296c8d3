using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;

namespace Vpp.Infrastructure.Storage;

/// <summary>Typed REST client for block blobs in one container.</summary>
public sealed class BlobContainerClient
{
    private readonly StorageTransport transport;
    private readonly string containerUri;

    public BlobContainerClient(StorageTransport transport, Uri serviceEndpoint, string containerName)
    {
        if (containerName.Length is < 3 or > 63 || !containerName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Container name '{containerName}' is invalid: 3-63 lower-case letters, digits and hyphens.", nameof(containerName));
        }

        this.transport = transport;
        containerUri = serviceEndpoint.ToString().TrimEnd('/') + "/" + containerName;
    }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Blob,
            () => new HttpRequestMessage(HttpMethod.Put, new Uri(containerUri + "?restype=container")),
            cancellationToken,
            r => r.StatusCode == HttpStatusCode.Conflict).ConfigureAwait(false);
    }

    public async Task UploadAsync(string blobName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Blob,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, BlobUri(blobName)) { Content = new ReadOnlyMemoryContent(content) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
                return request;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The blob's bytes, or null when it does not exist.</summary>
    public async Task<byte[]?> DownloadAsync(string blobName, CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Blob,
            () => new HttpRequestMessage(HttpMethod.Get, BlobUri(blobName)),
            cancellationToken,
            r => r.StatusCode == HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the blob (and any snapshots); false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(string blobName, CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Blob,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Delete, BlobUri(blobName));
                request.Headers.TryAddWithoutValidation("x-ms-delete-snapshots", "include");
                return request;
            },
            cancellationToken,
            r => r.StatusCode == HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>Names of blobs starting with <paramref name="prefix"/>, following NextMarker across pages.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix = "", int pageSize = 5000, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            var uri = $"{containerUri}?restype=container&comp=list&prefix={Uri.EscapeDataString(prefix)}&maxresults={pageSize}"
                      + (marker is null ? string.Empty : "&marker=" + Uri.EscapeDataString(marker));
            using var response = await transport.SendAsync(
                StorageService.Blob, () => new HttpRequestMessage(HttpMethod.Get, new Uri(uri)), cancellationToken).ConfigureAwait(false);
            var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Root!;
            names.AddRange(xml.Element("Blobs")!.Elements("Blob").Select(b => b.Element("Name")!.Value));
            marker = xml.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));

        return names;
    }

    private Uri BlobUri(string blobName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        return new Uri(containerUri + "/" + string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString)));
    }
}
