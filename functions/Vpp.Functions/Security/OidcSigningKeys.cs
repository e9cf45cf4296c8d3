using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Vpp.Functions.Security;

/// <summary>
/// The issuer and RSA signing keys of an OpenID Connect authority (Entra ID in Azure), from its discovery document
/// and JWKS. Keys are cached and re-read every 12 hours, and sooner (at most every 5 minutes) when a token names a key
/// the cache does not hold: authorities roll their keys without notice.
/// </summary>
public sealed class OidcSigningKeys(IHttpClientFactory httpClients, IOptions<JwtSettings> settings, AuthenticationClock clock) : IDisposable
{
    public const string HttpClientName = "oidc";
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(12);
    private static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumFetchInterval = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Metadata? current;
    private long lastFetchTicks = DateTimeOffset.MinValue.UtcTicks;
    private string lastFailure = "";

    private DateTimeOffset LastFetch => new(Interlocked.Read(ref lastFetchTicks), TimeSpan.Zero);

    /// <summary>The authority's issuer and the keys that may have signed a token with key id <paramref name="keyId"/> (all keys when it names none).</summary>
    /// <exception cref="OidcMetadataException">The discovery document or the key set cannot be read, and none was read before.</exception>
    public async Task<(string Issuer, IReadOnlyList<RSAParameters> Keys)> FindAsync(string? keyId, CancellationToken cancellationToken)
    {
        var metadata = current;
        var sinceFetch = clock.UtcNow - LastFetch;
        var stale = metadata is null || sinceFetch > RefreshEvery;
        var unknownKey = metadata is not null && keyId is not null && !metadata.Keys.ContainsKey(keyId) && sinceFetch > UnknownKeyRefreshInterval;
        if (stale || unknownKey)
        {
            metadata = await RefreshAsync(cancellationToken);
        }

        IReadOnlyList<RSAParameters> keys = keyId is null ? [.. metadata!.Keys.Values] : metadata!.Keys.TryGetValue(keyId, out var key) ? [key] : [];
        return (metadata.Issuer, keys);
    }

    public void Dispose() => gate.Dispose();

    private async Task<Metadata> RefreshAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Requests that queued behind a fetch use its result, and an authority that is down is asked again at most
            // every 30 seconds, not once per request.
            if (clock.UtcNow - LastFetch >= MinimumFetchInterval)
            {
                Interlocked.Exchange(ref lastFetchTicks, clock.UtcNow.UtcTicks);
                try
                {
                    current = await FetchAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is HttpRequestException or JsonException or FormatException or NotSupportedException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Keep serving the keys already known: a passing outage at the authority must not lock every user out.
                    lastFailure = ex.Message;
                }
            }

            return current ?? throw new OidcMetadataException($"Cannot read the signing keys of {settings.Value.Authority}: {lastFailure}");
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Metadata> FetchAsync(CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var discoveryUri = settings.Value.DiscoveryUri();
        using var discovery = await http.GetFromJsonAsync<JsonDocument>(discoveryUri, cancellationToken)
            ?? throw new JsonException("empty discovery document");
        var issuer = RequiredString(discovery.RootElement, "issuer");
        if (issuer.Contains('{', StringComparison.Ordinal))
        {
            throw new FormatException($"issuer '{issuer}' is a template (a multi-tenant endpoint); configure a tenant-specific Auth:Authority");
        }

        var jwksUri = new Uri(RequiredString(discovery.RootElement, "jwks_uri"));
        JwtSettings.RequireSecureEndpoint(jwksUri);
        using var jwks = await http.GetFromJsonAsync<JsonDocument>(jwksUri, cancellationToken) ?? throw new JsonException("empty key set");
        var keys = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
        if (jwks.RootElement.TryGetProperty("keys", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var jwk in array.EnumerateArray())
            {
                var isRsaSigningKey = OptionalString(jwk, "kty") == "RSA" && OptionalString(jwk, "use") is null or "sig";
                if (isRsaSigningKey && OptionalString(jwk, "kid") is { } kid && OptionalString(jwk, "n") is { } n && OptionalString(jwk, "e") is { } e)
                {
                    keys[kid] = new RSAParameters { Modulus = CompactJws.FromBase64Url(n), Exponent = CompactJws.FromBase64Url(e) };
                }
            }
        }

        return keys.Count > 0 ? new Metadata(issuer, keys) : throw new FormatException($"{jwksUri} holds no RSA signing key");
    }

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new FormatException($"discovery document has no '{name}'");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Metadata(string Issuer, IReadOnlyDictionary<string, RSAParameters> Keys);
}
