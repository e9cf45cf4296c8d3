namespace Vpp.Functions.Security;

/// <summary>
/// Bearer token validation settings (configuration section "Auth"). Two kinds of issuer, either or both:
/// <list type="bullet">
/// <item>an OpenID Connect <see cref="Authority"/> (Entra ID in Azure: <c>https://login.microsoftonline.com/{tenant}/v2.0</c>),
/// whose RS256 tokens are checked against the keys it publishes;</item>
/// <item>the development issuer, HS256 with <see cref="SigningKey"/>, which only local configuration holds.</item>
/// </list>
/// Keys are secrets or public metadata: they come from configuration, never from code.
/// </summary>
public sealed class JwtSettings
{
    /// <summary>Issuer of development tokens.</summary>
    public string Issuer { get; set; } = "vpp-local-dev";

    /// <summary>The API's identifier every token must carry in <c>aud</c> (in Entra, the app's client id or App ID URI).</summary>
    public string Audience { get; set; } = "vpp-api";

    /// <summary>Base64 HMAC-SHA256 key of the development issuer, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect authority; its issuer comes from its discovery document.</summary>
    public string? Authority { get; set; }

    public bool HasSigningKey => !string.IsNullOrWhiteSpace(SigningKey);

    public bool HasAuthority => !string.IsNullOrWhiteSpace(Authority);

    public byte[] SigningKeyBytes()
    {
        if (!HasSigningKey)
        {
            throw new InvalidOperationException("Auth:SigningKey is not configured; the API cannot validate development tokens.");
        }

        var key = Convert.FromBase64String(SigningKey!);
        return key.Length >= 32 ? key : throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
    }

    public Uri DiscoveryUri()
    {
        if (!Uri.TryCreate(Authority?.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Auth:Authority '{Authority}' is not an absolute URL.");
        }

        RequireSecureEndpoint(uri);
        return uri;
    }

    /// <summary>Why the settings cannot authenticate anyone, or null when they can.</summary>
    public string? ConfigurationError()
    {
        if (!HasSigningKey && !HasAuthority)
        {
            return "Configure Auth:Authority (an OpenID Connect authority such as Entra ID) or, for local development, Auth:SigningKey.";
        }

        try
        {
            _ = HasAuthority ? DiscoveryUri() : null;
            _ = HasSigningKey ? SigningKeyBytes() : null;
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return ex.Message;
        }
    }

    /// <summary>Keys fetched over plain HTTP could be swapped in transit; only a loopback test authority may use it.</summary>
    internal static void RequireSecureEndpoint(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            throw new InvalidOperationException($"{uri} must use https.");
        }
    }
}
