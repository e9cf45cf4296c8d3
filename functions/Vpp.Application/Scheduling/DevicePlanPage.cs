using Vpp.Domain.Optimization;

namespace Vpp.Application.Scheduling;

/// <summary>Some of a schedule's device plans; <see cref="Continuation"/> asks for the next page, null after the last.</summary>
public sealed record DevicePlanPage(IReadOnlyList<DevicePlan> Plans, DevicePlanContinuation? Continuation);
