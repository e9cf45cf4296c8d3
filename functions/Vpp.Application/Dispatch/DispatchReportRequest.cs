namespace Vpp.Application.Dispatch;

/// <summary>An activity's request: build the event's report; the rebound is watched over the release window.</summary>
public sealed record DispatchReportRequest(string ProgramId, string EventId, TimeSpan ReleaseWindow);
