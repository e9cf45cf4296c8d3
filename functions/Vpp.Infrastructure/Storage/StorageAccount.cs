using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Vpp.Infrastructure.Storage;

/// <summary>
/// One storage account's table and blob service clients (the Azure SDKs'), configured the way the Functions host reads
/// <c>AzureWebJobsStorage</c>: a connection string (Shared Key: Azurite locally), or an identity-based connection in
/// Azure (<c>AzureWebJobsStorage__accountName</c>, or <c>__tableServiceUri</c> and <c>__blobServiceUri</c>, with
/// <c>__clientId</c> for a user-assigned managed identity) authenticated by <see cref="DefaultAzureCredential"/>.
/// </summary>
public sealed class StorageAccount(TableServiceClient tables, BlobServiceClient blobs)
{
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>The telemetry ledger's account, configured the same way; without it the ledger shares the main account.</summary>
    public const string TelemetrySettingName = "TelemetryStorage";

    public TableServiceClient Tables { get; } = tables;

    public BlobServiceClient Blobs { get; } = blobs;

    public static StorageAccount FromConnectionString(string connectionString) =>
        new(new TableServiceClient(connectionString, Configure(new TableClientOptions())), new BlobServiceClient(connectionString, Configure(new BlobClientOptions())));

    public static StorageAccount FromConfiguration(IConfiguration configuration, string settingName = SettingName)
    {
        if (configuration[settingName] is { Length: > 0 } connectionString)
        {
            return FromConnectionString(connectionString);
        }

        var section = configuration.GetSection(settingName);
        var account = section["accountName"];
        Uri Endpoint(string service) =>
            section[service + "ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
            : throw new InvalidOperationException(
                $"Storage is not configured: set {settingName} to a connection string, or {settingName}__accountName (or __{service}ServiceUri) for a managed identity.");

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = section["clientId"] });
        return new StorageAccount(
            new TableServiceClient(Endpoint("table"), credential, Configure(new TableClientOptions())),
            new BlobServiceClient(Endpoint("blob"), credential, Configure(new BlobClientOptions())));
    }

    /// <summary>The account <see cref="TelemetrySettingName"/> configures, or null when it is not set.</summary>
    public static StorageAccount? TelemetryFromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[TelemetrySettingName] is { Length: > 0 } || configuration.GetSection(TelemetrySettingName).GetChildren().Any()
            ? FromConfiguration(configuration, TelemetrySettingName)
            : null;
    }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    /// <summary>
    /// Exponential retries of transient failures (throttling, timeouts, 5xx), bounded so a call fails within a minute.
    /// The SDKs' per-request logging and tracing are off: on the telemetry hot path they cost a fifth of the
    /// throughput (ADR 0018), and a span per ledger commit is noise, not insight.
    /// </summary>
    private static T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
        return options;
    }
}
