namespace Vpp.Functions.Security;

/// <summary>
/// Bearer token validation settings (configuration section "Auth"). The signing key is a secret: it comes from
/// configuration (local secrets file, Key Vault reference in Azure), never from code.
/// </summary>
public sealed class JwtSettings
{
    public string Issuer { get; set; } = "vpp-local-dev";

    public string Audience { get; set; } = "vpp-api";

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    public byte[] SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            throw new InvalidOperationException("Auth:SigningKey is not configured; the API cannot validate tokens.");
        }

        var key = Convert.FromBase64String(SigningKey);
        return key.Length >= 32 ? key : throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
    }
}
