using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vpp.Functions.Security;

/// <summary>Authenticates <c>Authorization: Bearer</c> HS256 tokens against <see cref="JwtSettings"/>; roles come from the "roles" claim.</summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<JwtSettings> settings,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var jwt = settings.Value;
        var (payload, error) = HmacJwt.Verify(header[7..].Trim(), jwt.SigningKeyBytes(), jwt.Issuer, jwt.Audience, clock.GetUtcNow());
        if (payload is not { } claims)
        {
            return Task.FromResult(AuthenticateResult.Fail(error!));
        }

        var identity = new ClaimsIdentity(SchemeName, "sub", ClaimTypes.Role);
        if (claims.TryGetProperty("sub", out var sub) && sub.GetString() is { } subject)
        {
            identity.AddClaim(new Claim("sub", subject));
        }

        if (claims.TryGetProperty("roles", out var roles))
        {
            var values = roles.ValueKind == JsonValueKind.Array ? roles.EnumerateArray().Select(r => r.GetString()) : [roles.GetString()];
            foreach (var role in values.OfType<string>())
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, role));
            }
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
