using System.Text;
using System.Text.Json;

namespace Vpp.Functions.Security;

/// <summary>
/// A compact JWS (RFC 7515) taken apart, and the registered-claim checks (RFC 7519) every accepted token must pass
/// whatever signed it. Hand-written because the JwtBearer package cannot be restored here (ADR 0003).
/// </summary>
public sealed class CompactJws
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private CompactJws(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    /// <summary>The ASCII bytes the signature covers: base64url(header) "." base64url(payload).</summary>
    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? Algorithm => Header.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString() : null;

    public string? KeyId => Header.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String ? kid.GetString() : null;

    /// <summary>Splits and decodes a token; null when it is not a well-formed compact JWS with JSON header and payload.</summary>
    public static CompactJws? TryParse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
            return header.RootElement.ValueKind == JsonValueKind.Object && payload.RootElement.ValueKind == JsonValueKind.Object
                ? new CompactJws(header.RootElement.Clone(), payload.RootElement.Clone(), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]))
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Why the payload's claims are not acceptable (expiry, not-before, issuer, audience), or null when they are.</summary>
    public string? ClaimsError(string issuer, string audience, DateTimeOffset now)
    {
        if (!TryGetTime("exp", out var expires) || expires + ClockSkew < now)
        {
            return "token expired";
        }

        if (Payload.TryGetProperty("nbf", out _) && (!TryGetTime("nbf", out var notBefore) || notBefore - ClockSkew > now))
        {
            return "token not yet valid";
        }

        if (!Payload.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || iss.GetString() != issuer)
        {
            return "wrong issuer";
        }

        var audienceOk = Payload.TryGetProperty("aud", out var aud) && (aud.ValueKind == JsonValueKind.Array
            ? aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience)
            : aud.ValueKind == JsonValueKind.String && aud.GetString() == audience);
        return audienceOk ? null : "wrong audience";
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private bool TryGetTime(string claim, out DateTimeOffset time)
    {
        time = default;
        if (!Payload.TryGetProperty(claim, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, -62135596800, 253402300799));
        return true;
    }
}
