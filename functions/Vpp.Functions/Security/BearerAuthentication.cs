using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vpp.Functions.Security;

/// <summary>
/// Bearer tokens validated by ASP.NET Core's JwtBearer over IdentityModel: RS256 from the configured OpenID Connect
/// authority (Entra ID; its discovery document and keys cached and re-read every 12 hours, and on a key the cache does
/// not know at most every 5 minutes), HS256 from the development issuer when a development key is configured. An
/// HS256 token is only ever checked against the symmetric key, never against an authority's public key. Roles come
/// from the <c>roles</c> claim (Entra app roles); a token without a subject (<c>sub</c>) authenticates no one.
/// </summary>
public static class BearerAuthentication
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>RFC 6750's answer to a valid token that may not make the call.</summary>
    public const string InsufficientScopeChallenge = "Bearer error=\"insufficient_scope\", error_description=\"the token's roles do not allow this call\"";

    public static IServiceCollection AddVppBearerAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SchemeName).AddJwtBearer(SchemeName, _ => { });
        services.AddOptions<JwtBearerOptions>(SchemeName).Configure<IOptions<JwtSettings>>((options, settings) => Configure(options, settings.Value));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    private static void Configure(JwtBearerOptions options, JwtSettings settings)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = settings.Audience,
            ValidIssuers = settings.HasSigningKey ? [settings.Issuer] : null,
            IssuerSigningKeys = settings.HasSigningKey ? [new SymmetricSecurityKey(settings.SigningKeyBytes())] : null,
            ValidAlgorithms = settings.HasSigningKey ? [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.HmacSha256] : [SecurityAlgorithms.RsaSha256],
            NameClaimType = "sub",
            RoleClaimType = "roles",
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        };
        if (settings.HasAuthority)
        {
            var discovery = settings.DiscoveryUri();
            options.Authority = settings.Authority;
            options.MetadataAddress = discovery.ToString();
            options.RequireHttpsMetadata = discovery.Scheme == Uri.UriSchemeHttps;
            // A key the authority withdrew is withdrawn at once, not after a last-known-good grace period.
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                discovery.ToString(),
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }) { RequireHttps = options.RequireHttpsMetadata })
            {
                AutomaticRefreshInterval = TimeSpan.FromHours(12),
                RefreshInterval = TimeSpan.FromMinutes(5),
                UseLastKnownGoodConfiguration = false,
            };
        }

        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (string.IsNullOrWhiteSpace(context.Principal?.FindFirstValue("sub")))
                {
                    context.Fail("The token names no subject (sub).");
                }

                return Task.CompletedTask;
            },
        };
    }
}
