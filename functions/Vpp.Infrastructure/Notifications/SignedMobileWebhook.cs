using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Notifications;

/// <summary>
/// Delivers notifications to the mobile backend's webhook (<c>MobileWebhook:Url</c>) as JSON, with an
/// <c>Idempotency-Key</c> (event and customer: the backend shows each once), a timestamp, and a signature over both
/// (<c>X-Vpp-Signature: v1=</c> hex HMAC-SHA256 of <c>{timestamp}.{body}</c> with <c>MobileWebhook:Secret</c>), so the
/// backend can tell our calls from anyone's and refuse replays. docs/notifications.md has the contract.
/// </summary>
public sealed class SignedMobileWebhook(HttpClient http, Uri url, byte[] secret, TimeProvider clock) : IMobileWebhook
{
    public const string SignatureHeader = "X-Vpp-Signature";
    public const string TimestampHeader = "X-Vpp-Timestamp";

    public async Task DeliverAsync(CustomerNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            notification.EventId,
            notification.ProgramId,
            notification.CustomerId,
            notification.StartUtc,
            notification.EndUtc,
            notification.Message,
            notification.DeviceIds,
        }, JsonSerializerOptions.Web);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", notification.Key);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "v1=" + Sign(secret, timestamp, body));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The mobile backend answered {(int)response.StatusCode} for notification '{notification.Key}'.", null, response.StatusCode);
        }
    }

    /// <summary>The signature: lower-case hex HMAC-SHA256 of <c>{timestamp}.{body}</c>.</summary>
    public static string Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }
}
