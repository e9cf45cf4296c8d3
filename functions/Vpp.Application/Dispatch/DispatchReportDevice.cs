using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// One device in an event's report: its part, whether it was commanded, when it left control (its customer opted out or
/// overrode it; or the program released it early, a target lowered during the event no longer needing it), what it
/// delivered per interval and in all.
/// </summary>
public sealed record DispatchReportDevice(
    string DeviceId,
    string? CustomerId,
    DeviceType Type,
    DispatchRole Role,
    bool Commanded,
    DateTimeOffset? OptedOutUtc,
    DateTimeOffset? OverriddenUtc,
    double DeliveredKwh,
    IReadOnlyList<DispatchReportInterval> Intervals,
    DateTimeOffset? ReleasedUtc = null);
