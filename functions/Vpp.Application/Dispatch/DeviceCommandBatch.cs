using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// One activity's share of a step's commands: the plan's devices with ids in [<see cref="FromDeviceId"/>,
/// <see cref="UntilDeviceId"/>) (to the end when none; <see cref="DispatchBatches"/>). A restore releases each device at
/// its staggered time from <see cref="ReleaseFromUtc"/> over <see cref="ReleaseWindow"/>.
/// </summary>
public sealed record DeviceCommandBatch(
    string ProgramId, string EventId, DispatchStep Step, string FromDeviceId, string? UntilDeviceId, DateTimeOffset? ReleaseFromUtc = null, TimeSpan? ReleaseWindow = null);
