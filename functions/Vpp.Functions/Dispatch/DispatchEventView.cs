using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Functions.Dispatch;

/// <summary>An event as the API shows it, its window also in the program's local time, with its whole history.</summary>
public sealed record DispatchEventView(
    string EventId,
    string ProgramId,
    string Kind,
    string Status,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    DateTimeOffset LocalStart,
    DateTimeOffset LocalEnd,
    double? TargetKw,
    IReadOnlyList<string> DeviceTypes,
    IReadOnlyList<string> Feeders,
    string Notice,
    bool Test,
    string? Message,
    IReadOnlyList<DispatchTransitionView> History)
{
    public static DispatchEventView Of(DispatchEvent e, TimeZoneInfo zone) => new(
        e.EventId, e.ProgramId, e.Kind.ToWire(), e.Status.ToWire(), e.StartUtc, e.EndUtc, TimeZoneInfo.ConvertTime(e.StartUtc, zone), TimeZoneInfo.ConvertTime(e.EndUtc, zone),
        e.TargetKw, [.. e.DeviceTypes.Select(t => t.ToWire())], e.Feeders, e.Notice.ToWire(), e.IsTest, e.Message,
        [.. e.History.Select(h => new DispatchTransitionView(h.From?.ToWire(), h.To.ToWire(), h.AtUtc, h.Cause))]);
}
