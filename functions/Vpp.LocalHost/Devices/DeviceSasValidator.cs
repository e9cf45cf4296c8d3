using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vpp.LocalHost.Devices;

/// <summary>
/// Checks a device's <c>SharedAccessSignature sr=...&amp;sig=...&amp;se=...</c> the way IoT Hub does: the resource must be
/// this hub's <c>/devices/{id}</c> for the device in the URL, the signature must verify with that device's key, and it must not be expired.
/// </summary>
public sealed class DeviceSasValidator(string hubHostName, string groupKeyBase64, TimeProvider wallClock)
{
    public string HubHostName { get; } = hubHostName;

    public bool IsAuthorized(string deviceId, string? authorization)
    {
        const string prefix = "SharedAccessSignature ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var fields = authorization[prefix.Length..].Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var sr) || !fields.TryGetValue("sig", out var sig) || !fields.TryGetValue("se", out var se)
            || !long.TryParse(se, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        var expectedResource = Uri.EscapeDataString($"{HubHostName}/devices/{deviceId}".ToLowerInvariant()).ToLowerInvariant();
        if (!string.Equals(sr, expectedResource, StringComparison.Ordinal) || DateTimeOffset.FromUnixTimeSeconds(expiry) < wallClock.GetUtcNow())
        {
            return false;
        }

        var key = Convert.FromBase64String(DeviceKeys.Derive(groupKeyBase64, deviceId));
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(sr + "\n" + se));
        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, Convert.FromBase64String(Uri.UnescapeDataString(sig)));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
