using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vpp.Functions.Security;

/// <summary>HS256 tokens of the development issuer: mint (local runner, tests) and verify.</summary>
public static class HmacJwt
{
    public const string Algorithm = "HS256";

    public static string Mint(byte[] key, string issuer, string audience, string subject, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        var header = new JsonObject { ["alg"] = Algorithm, ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["roles"] = new JsonArray(roles.Select(r => (JsonNode)r!).ToArray()),
        };
        var signingInput = CompactJws.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + CompactJws.Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + CompactJws.Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Returns the payload if the token is well formed, signed with <paramref name="key"/>, and current; otherwise why not.</summary>
    public static (JsonElement? Payload, string? Error) Verify(string token, byte[] key, string issuer, string audience, DateTimeOffset now) =>
        CompactJws.TryParse(token) is { } jws ? Verify(jws, key, issuer, audience, now) : (null, "malformed token");

    /// <inheritdoc cref="Verify(string, byte[], string, string, DateTimeOffset)"/>
    public static (JsonElement? Payload, string? Error) Verify(CompactJws jws, byte[] key, string issuer, string audience, DateTimeOffset now)
    {
        if (jws.Algorithm != Algorithm)
        {
            return (null, "unsupported alg");
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, jws.SigningInput), jws.Signature))
        {
            return (null, "bad signature");
        }

        return jws.ClaimsError(issuer, audience, now) is { } error ? (null, error) : (jws.Payload, null);
    }
}
