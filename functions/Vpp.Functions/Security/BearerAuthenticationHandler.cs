using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vpp.Functions.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> tokens: RS256 from the configured OpenID Connect authority (Entra ID),
/// HS256 from the development issuer when a development key is configured. The algorithm picks the key source, never
/// the key: an HS256 token is never checked against a public RSA key. Roles come from the "roles" claim (Entra app roles).
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<JwtSettings> settings,
    OidcSigningKeys authorityKeys,
    AuthenticationClock clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Rs256 = "RS256";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var jwt = settings.Value;
        var (payload, error) = CompactJws.TryParse(header[7..].Trim()) switch
        {
            null => (null, "malformed token"),
            { Algorithm: HmacJwt.Algorithm } jws when jwt.HasSigningKey => HmacJwt.Verify(jws, jwt.SigningKeyBytes(), jwt.Issuer, jwt.Audience, clock.UtcNow),
            { Algorithm: Rs256 } jws when jwt.HasAuthority => await VerifyAuthorityTokenAsync(jws, jwt.Audience),
            _ => (null, "unsupported alg"),
        };
        return payload is { } claims ? AuthenticateResult.Success(Ticket(claims)) : AuthenticateResult.Fail(error!);
    }

    private async Task<(JsonElement?, string?)> VerifyAuthorityTokenAsync(CompactJws jws, string audience)
    {
        string issuer;
        IReadOnlyList<RSAParameters> keys;
        try
        {
            (issuer, keys) = await authorityKeys.FindAsync(jws.KeyId, Context.RequestAborted);
        }
        catch (OidcMetadataException ex)
        {
            Logger.LogWarning(ex, "Bearer token not checked: the authority's keys are unavailable");
            return (null, "signing keys unavailable");
        }

        var signed = keys.Any(key =>
        {
            using var rsa = RSA.Create(key);
            return rsa.VerifyData(jws.SigningInput, jws.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        });
        if (!signed)
        {
            return (null, keys.Count == 0 ? "unknown signing key" : "bad signature");
        }

        return jws.ClaimsError(issuer, audience, clock.UtcNow) is { } error ? (null, error) : (jws.Payload, null);
    }

    private static AuthenticationTicket Ticket(JsonElement claims)
    {
        var identity = new ClaimsIdentity(SchemeName, "sub", ClaimTypes.Role);
        if (claims.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String && sub.GetString() is { } subject)
        {
            identity.AddClaim(new Claim("sub", subject));
        }

        if (claims.TryGetProperty("roles", out var roles))
        {
            var values = roles.ValueKind switch
            {
                JsonValueKind.Array => roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()),
                JsonValueKind.String => [roles.GetString()],
                _ => [],
            };
            foreach (var role in values.OfType<string>())
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, role));
            }
        }

        return new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName);
    }
}
