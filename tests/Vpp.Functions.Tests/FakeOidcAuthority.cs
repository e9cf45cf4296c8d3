using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Vpp.LocalHost.Azurite;

namespace Vpp.Functions.Tests;

/// <summary>
/// An OpenID Connect authority shaped like Entra ID's v2 endpoints, on a real loopback port: a discovery document, a
/// JWKS with RSA keys that can be rotated, and an outage switch. Mints RS256 tokens like the ones Entra issues.
/// </summary>
public sealed class FakeOidcAuthority : IAsyncDisposable
{
    private readonly Dictionary<string, RSA> keys = [];
    private WebApplication? app;
    private int keySerial;

    public string Authority { get; private set; } = "";

    public string Issuer => Authority;

    public string CurrentKeyId { get; private set; } = "";

    public int KeySetRequests { get; private set; }

    public int DiscoveryRequests { get; private set; }

    /// <summary>While true, every request gets 503.</summary>
    public bool Unavailable { get; set; }

    public static async Task<FakeOidcAuthority> StartAsync()
    {
        var authority = new FakeOidcAuthority();
        authority.Rotate();
        var port = AzuriteProcess.FreePort();
        authority.Authority = $"http://127.0.0.1:{port}/test-tenant/v2.0";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        authority.app = builder.Build();
        authority.app.MapGet("/test-tenant/v2.0/.well-known/openid-configuration", authority.Discovery);
        authority.app.MapGet("/test-tenant/discovery/v2.0/keys", authority.KeySet);
        await authority.app.StartAsync();
        return authority;
    }

    /// <summary>Publishes a new signing key and withdraws the old ones, as an authority's key rollover does.</summary>
    public void Rotate()
    {
        foreach (var key in keys.Values)
        {
            key.Dispose();
        }

        keys.Clear();
        CurrentKeyId = $"key-{++keySerial}";
        keys[CurrentKeyId] = RSA.Create(2048);
    }

    public string Token(string role, string? audience = null, string? issuer = null, DateTimeOffset? issued = null, TimeSpan? lifetime = null, RSA? signer = null, string? keyId = null)
    {
        var now = issued ?? TimeProvider.System.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = issuer ?? Issuer,
            ["aud"] = audience ?? "vpp-api",
            ["sub"] = "entra-user-" + role,
            ["tid"] = "test-tenant",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
            ["roles"] = new JsonArray(role),
        };
        var kid = keyId ?? CurrentKeyId;
        return Sign(new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = kid }, payload, data => (signer ?? keys[kid]).SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>The "algorithm confusion" forgery: HS256 keyed with the authority's public key.</summary>
    public string HmacForgeryWithPublicKey(string role)
    {
        var now = TimeProvider.System.GetUtcNow();
        var payload = new JsonObject { ["iss"] = Issuer, ["aud"] = "vpp-api", ["exp"] = now.AddHours(1).ToUnixTimeSeconds(), ["roles"] = new JsonArray(role) };
        var publicKey = keys[CurrentKeyId].ExportSubjectPublicKeyInfo();
        return Sign(new JsonObject { ["alg"] = "HS256", ["kid"] = CurrentKeyId }, payload, data => HMACSHA256.HashData(publicKey, data));
    }

    public static string WithoutSignature(JsonObject payload) => Sign(new JsonObject { ["alg"] = "none" }, payload, _ => []);

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        foreach (var key in keys.Values)
        {
            key.Dispose();
        }
    }

    private static string Sign(JsonObject header, JsonObject payload, Func<byte[], byte[]> signature)
    {
        var input = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return input + "." + Base64UrlEncoder.Encode(signature(Encoding.ASCII.GetBytes(input)));
    }

    private IResult Discovery(HttpContext context)
    {
        DiscoveryRequests++;
        return Unavailable
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new JsonObject
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = Authority + "/authorize",
                ["jwks_uri"] = $"{context.Request.Scheme}://{context.Request.Host}/test-tenant/discovery/v2.0/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            });
    }

    private IResult KeySet()
    {
        KeySetRequests++;
        if (Unavailable)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var published = new JsonArray();
        foreach (var (kid, key) in keys)
        {
            var parameters = key.ExportParameters(false);
            published.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
            });
        }

        // An encryption key and an EC key in the set must be skipped, not break the set.
        published.Add(new JsonObject { ["kty"] = "RSA", ["use"] = "enc", ["kid"] = "encryption", ["n"] = "AQAB", ["e"] = "AQAB" });
        published.Add(new JsonObject { ["kty"] = "EC", ["use"] = "sig", ["kid"] = "ec", ["crv"] = "P-256", ["x"] = "AA", ["y"] = "AA" });
        return Results.Json(new JsonObject { ["keys"] = published });
    }
}
