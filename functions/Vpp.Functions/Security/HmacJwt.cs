using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vpp.Functions.Security;

/// <summary>
/// Compact JWS with HS256: mint (development issuer) and verify. Hand-written because the JwtBearer package
/// cannot be restored here (docs/decisions/0003-bearer-tokens.md).
/// </summary>
public static class HmacJwt
{
    public static string Mint(byte[] key, string issuer, string audience, string subject, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
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
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Returns the payload if the token is well formed, signed with <paramref name="key"/>, and current; otherwise why not.</summary>
    public static (JsonElement? Payload, string? Error) Verify(string token, byte[] key, string issuer, string audience, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "token is not a compact JWS");
        }

        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
            {
                return (null, "unsupported alg");
            }

            var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2])))
            {
                return (null, "bad signature");
            }

            var payload = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement.Clone();
            var skew = TimeSpan.FromMinutes(2);
            if (!payload.TryGetProperty("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) + skew < now)
            {
                return (null, "token expired");
            }

            if (payload.TryGetProperty("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf.GetInt64()) - skew > now)
            {
                return (null, "token not yet valid");
            }

            if (!payload.TryGetProperty("iss", out var iss) || iss.GetString() != issuer)
            {
                return (null, "wrong issuer");
            }

            var audienceOk = payload.TryGetProperty("aud", out var aud) && (aud.ValueKind == JsonValueKind.Array
                ? aud.EnumerateArray().Any(a => a.GetString() == audience)
                : aud.GetString() == audience);
            return audienceOk ? (payload, null) : (null, "wrong audience");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return (null, "malformed token");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
