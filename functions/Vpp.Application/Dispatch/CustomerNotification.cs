namespace Vpp.Application.Dispatch;

/// <summary>
/// What a customer is told of an event, one per customer and event (the mobile app lists these): the event, its window,
/// the program's message, the customer's devices in it, and whether the mobile backend's webhook took it (when, after
/// how many attempts, or the last error).
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
    string? LastError = null)
{
    /// <summary>The webhook's idempotency key: the mobile backend shows a notification once however often it is delivered.</summary>
    public string Key => $"{EventId}/{CustomerId}";
}
