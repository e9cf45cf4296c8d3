using System.Text.Json;
using StandardWebhooks;
using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Notifications;

/// <summary>
/// Delivers notifications to the mobile backend's webhook (<c>MobileWebhook:Url</c>) as JSON signed the Standard Webhooks
/// way (the <c>StandardWebhooks</c> package): <c>webhook-id</c> is the notification's key (event and customer, and for a
/// change what changed and when, so the backend shows each once however often it is delivered), <c>webhook-timestamp</c> lets it refuse replays, and
/// <c>webhook-signature</c> is the HMAC-SHA256 of both and the body with <c>MobileWebhook:Secret</c> (<c>whsec_</c> and base64).
/// </summary>
public sealed class SignedMobileWebhook(HttpClient http, Uri url, StandardWebhook signer, TimeProvider clock) : IMobileWebhook
{
    public async Task DeliverAsync(CustomerNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var payload = new
        {
            Kind = CustomerNotification.NameOf(notification.Kind),
            notification.ChangedUtc,
            notification.EventId,
            notification.ProgramId,
            notification.CustomerId,
            notification.StartUtc,
            notification.EndUtc,
            notification.Message,
            notification.DeviceIds,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = signer.MakeHttpContent(payload, notification.Key, clock.GetUtcNow(), JsonSerializerOptions.Web),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The mobile backend answered {(int)response.StatusCode} for notification '{notification.Key}'.", null, response.StatusCode);
        }
    }
}
