using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// One activity's share of a step's commands: the <see cref="Index"/>th slice of <see cref="DispatchCommander.BatchSize"/>
/// devices of the event's plan (in device id order). A restore releases each device at its staggered time from
/// <see cref="ReleaseFromUtc"/> over <see cref="ReleaseWindow"/>.
/// </summary>
public sealed record DeviceCommandBatch(string ProgramId, string EventId, DispatchStep Step, int Index, DateTimeOffset? ReleaseFromUtc = null, TimeSpan? ReleaseWindow = null);
