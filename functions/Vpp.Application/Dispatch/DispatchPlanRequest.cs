namespace Vpp.Application.Dispatch;

/// <summary>An activity's request: plan (or replan) the event's devices, with their releases fitted over <see cref="ReleaseWindow"/> after the end.</summary>
public sealed record DispatchPlanRequest(string ProgramId, string EventId, TimeSpan ReleaseWindow);
