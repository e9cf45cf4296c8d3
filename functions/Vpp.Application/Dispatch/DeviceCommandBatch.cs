using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// One activity's share of a step's commands: the plan's devices with ids in [<see cref="FromDeviceId"/>,
/// <see cref="UntilDeviceId"/>) (to the end when none; <see cref="DispatchBatches"/>). A restore releases each device its
/// fitted time (<see cref="Domain.Dispatch.DispatchAssignment.ReleaseAfter"/>) after <see cref="ReleaseFromUtc"/>, or
/// every device then when <see cref="ReleaseWindow"/> is none.
/// </summary>
public sealed record DeviceCommandBatch(
    string ProgramId, string EventId, DispatchStep Step, string FromDeviceId, string? UntilDeviceId, DateTimeOffset? ReleaseFromUtc = null, TimeSpan? ReleaseWindow = null);
