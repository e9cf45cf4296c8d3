using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>An IoT Hub service connection string (HostName, SharedAccessKeyName, SharedAccessKey) and its SAS tokens.</summary>
public sealed record IotHubConnection(string HostName, string PolicyName, string Key)
{
    public static IotHubConnection Parse(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("HostName", out var host) && parts.TryGetValue("SharedAccessKeyName", out var policy) && parts.TryGetValue("SharedAccessKey", out var key)
            ? new IotHubConnection(host, policy, key)
            : throw new FormatException("An IoT Hub connection string needs HostName, SharedAccessKeyName and SharedAccessKey.");
    }

    /// <summary>
    /// <c>SharedAccessSignature sr={url-encoded resource}&amp;sig={signature}&amp;se={expiry}&amp;skn={policy}</c>,
    /// signature = HMAC-SHA256(base64-decoded key, "{url-encoded resource}\n{expiry}").
    /// </summary>
    public string CreateSasToken(DateTimeOffset now, TimeSpan lifetime) => CreateSasToken(HostName, Key, PolicyName, now, lifetime);

    public static string CreateSasToken(string resourceUri, string base64Key, string? policyName, DateTimeOffset now, TimeSpan lifetime)
    {
        var resource = Uri.EscapeDataString(resourceUri.ToLowerInvariant()).ToLowerInvariant();
        var expiry = (now + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(resource + "\n" + expiry)));
        var token = $"SharedAccessSignature sr={resource}&sig={Uri.EscapeDataString(signature)}&se={expiry}";
        return policyName is null ? token : token + "&skn=" + policyName;
    }
}
