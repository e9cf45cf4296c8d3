namespace Vpp.Application.Dispatch;

/// <summary>An activity's share of an event's notifications: the <see cref="Index"/>th slice of <see cref="CustomerNotifier.BatchSize"/> customers (by id).</summary>
public sealed record NotificationBatch(string ProgramId, string EventId, int Index);
