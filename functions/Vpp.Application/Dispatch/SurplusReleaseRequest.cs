namespace Vpp.Application.Dispatch;

/// <summary>An activity's request: release what an event's lowered target no longer needs, from <see cref="AtUtc"/> (product time).</summary>
public sealed record SurplusReleaseRequest(string ProgramId, string EventId, DateTimeOffset AtUtc);
