namespace Vpp.Domain.Dispatch;

/// <summary>One step in an event's history: from what (none for its creation) to what, when, and why.</summary>
public sealed record DispatchTransition(DispatchEventStatus? From, DispatchEventStatus To, DateTimeOffset AtUtc, string Cause);
