namespace Vpp.Application.Dispatch;

/// <summary>
/// An activity's share of an event's notifications of one kind: the customers with ids in [<see cref="FromCustomerId"/>,
/// <see cref="UntilCustomerId"/>) (to the end when none); for a change, the instant it took effect, which tells it from
/// another change of its kind.
/// </summary>
public sealed record NotificationBatch(
    string ProgramId,
    string EventId,
    string FromCustomerId,
    string? UntilCustomerId,
    CustomerNotificationKind Kind = CustomerNotificationKind.Notice,
    DateTimeOffset? ChangedUtc = null);
