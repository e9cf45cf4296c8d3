namespace Vpp.Application.Dispatch;

/// <summary>
/// Wakes a running event's orchestration: the event was cancelled or changed (the store holds what changed), or a
/// customer opted a device out. The store stays the truth; a signal only says to read it now rather than at the
/// next step.
/// </summary>
public sealed record DispatchEventSignal(string Kind, string? DeviceId = null)
{
    public const string EventName = "dispatch-signal";
    public const string Cancelled = "cancelled";
    public const string Changed = "changed";
    public const string OptedOut = "opted-out";
}
