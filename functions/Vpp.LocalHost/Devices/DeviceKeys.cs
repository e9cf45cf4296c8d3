using System.Security.Cryptography;
using System.Text;

namespace Vpp.LocalHost.Devices;

/// <summary>
/// Per-device symmetric keys derived from an enrollment group key, as IoT Hub DPS group enrollments do:
/// key = Base64(HMAC-SHA256(Base64Decode(groupKey), deviceId)). A device holds only its own key.
/// </summary>
public static class DeviceKeys
{
    public static string Derive(string groupKeyBase64, string deviceId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(groupKeyBase64), Encoding.UTF8.GetBytes(deviceId)));
}
