using System.Globalization;

namespace Vpp.Application.Dispatch;

/// <summary>
/// What a customer is told of an event (the mobile app lists these): its notice, one per customer and event, and after
/// it each change that concerns them (<see cref="Kind"/>, taking effect at <see cref="ChangedUtc"/>); the event's window
/// as it then stands, the program's message, the customer's devices it is about, and whether the mobile backend's
/// webhook took it (when, after how many attempts, or the last error).
/// </summary>
public sealed record CustomerNotification(
    string EventId,
    string ProgramId,
    string CustomerId,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string? Message,
    IReadOnlyList<string> DeviceIds,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? DeliveredUtc = null,
    int Attempts = 0,
    string? LastError = null,
    CustomerNotificationKind Kind = CustomerNotificationKind.Notice,
    DateTimeOffset? ChangedUtc = null)
{
    /// <summary>
    /// The webhook's idempotency key: the mobile backend shows a notification once however often it is delivered. A
    /// notice's is the event's and the customer's; a later one adds what changed and when.
    /// </summary>
    public string Key => Kind == CustomerNotificationKind.Notice
        ? $"{EventId}/{CustomerId}"
        : string.Create(CultureInfo.InvariantCulture, $"{EventId}/{CustomerId}/{NameOf(Kind)}/{ChangedUtc?.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}");

    /// <summary>The kind as the webhook and the API name it.</summary>
    public static string NameOf(CustomerNotificationKind kind) => kind switch
    {
        CustomerNotificationKind.Notice => "notice",
        CustomerNotificationKind.Changed => "changed",
        CustomerNotificationKind.Cancelled => "cancelled",
        CustomerNotificationKind.ReleasedEarly => "released-early",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a notification kind."),
    };
}
