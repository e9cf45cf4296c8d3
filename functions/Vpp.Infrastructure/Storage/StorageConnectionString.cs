namespace Vpp.Infrastructure.Storage;

/// <summary>
/// An Azure Storage connection string, parsed the way the Azure SDKs read it:
/// <c>UseDevelopmentStorage=true</c>, or <c>DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...</c>
/// with optional explicit <c>BlobEndpoint</c>, <c>QueueEndpoint</c>, <c>TableEndpoint</c> and <c>EndpointSuffix</c>.
/// </summary>
public sealed record StorageConnectionString(
    string AccountName,
    string? AccountKey,
    Uri BlobEndpoint,
    Uri QueueEndpoint,
    Uri TableEndpoint)
{
    /// <summary>Azurite's published development account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's published development account key (public, documented by Microsoft; not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Connection string for an Azurite started on the given loopback ports.</summary>
    public static StorageConnectionString ForAzurite(string host, int blobPort, int queuePort, int tablePort) =>
        new(
            DevelopmentAccountName,
            DevelopmentAccountKey,
            new Uri($"http://{host}:{blobPort}/{DevelopmentAccountName}"),
            new Uri($"http://{host}:{queuePort}/{DevelopmentAccountName}"),
            new Uri($"http://{host}:{tablePort}/{DevelopmentAccountName}"));

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"Storage connection string segment '{part}' is not of the form Name=Value.");
            }

            settings[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            var proxy = settings.TryGetValue("DevelopmentStorageProxyUri", out var p) ? new Uri(p).Host : "127.0.0.1";
            return ForAzurite(proxy, 10000, 10001, 10002);
        }

        if (!settings.TryGetValue("AccountName", out var account) || account.Length == 0)
        {
            throw new FormatException("Storage connection string has no AccountName.");
        }

        settings.TryGetValue("AccountKey", out var key);
        var protocol = settings.TryGetValue("DefaultEndpointsProtocol", out var proto) ? proto : "https";
        var suffix = settings.TryGetValue("EndpointSuffix", out var sfx) ? sfx : "core.windows.net";

        Uri Endpoint(string name, string service) =>
            settings.TryGetValue(name, out var explicitEndpoint)
                ? new Uri(explicitEndpoint.TrimEnd('/'))
                : new Uri($"{protocol}://{account}.{service}.{suffix}");

        return new StorageConnectionString(
            account,
            string.IsNullOrEmpty(key) ? null : key,
            Endpoint("BlobEndpoint", "blob"),
            Endpoint("QueueEndpoint", "queue"),
            Endpoint("TableEndpoint", "table"));
    }

    /// <summary>Renders the explicit-endpoint form, which every Azure SDK also accepts.</summary>
    public override string ToString() =>
        $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";
}
