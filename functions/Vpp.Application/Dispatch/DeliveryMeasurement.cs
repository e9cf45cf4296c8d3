namespace Vpp.Application.Dispatch;

/// <summary>An activity's request: measure the event's delivery in the minute ending at <see cref="MinuteEndUtc"/>.</summary>
public sealed record DeliveryMeasurement(string ProgramId, string EventId, DateTimeOffset MinuteEndUtc);
