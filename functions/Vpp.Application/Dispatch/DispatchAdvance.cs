using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>An activity's request: read the event, and first move it to <see cref="To"/> for <see cref="Cause"/> when one is given.</summary>
public sealed record DispatchAdvance(string ProgramId, string EventId, DispatchEventStatus? To = null, string? Cause = null);
