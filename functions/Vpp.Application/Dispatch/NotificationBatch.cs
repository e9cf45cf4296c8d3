namespace Vpp.Application.Dispatch;

/// <summary>An activity's share of an event's notifications: the customers with ids in [<see cref="FromCustomerId"/>, <see cref="UntilCustomerId"/>) (to the end when none).</summary>
public sealed record NotificationBatch(string ProgramId, string EventId, string FromCustomerId, string? UntilCustomerId);
