namespace Vpp.Application.Dispatch;

/// <summary>
/// What a notification tells a customer: that an event is coming (its notice), or, once they have been told, that it
/// changed its window, was cancelled, or no longer needs some of their devices (released early).
/// </summary>
public enum CustomerNotificationKind
{
    Notice = 0,
    Changed = 1,
    Cancelled = 2,
    ReleasedEarly = 3,
}
