using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Functions.Dispatch;

/// <summary>An event as the API shows it, its window also in the program's local time, with its whole history (and, read alone, its plan and delivery).</summary>
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
    /// <summary>The event's plan once made (one event read alone; lists leave it out).</summary>
    public DispatchPlan? Plan { get; init; }

    /// <summary>Delivery minute by minute against the target once under way (one event read alone).</summary>
    public IReadOnlyList<DeliveryMinute>? Delivery { get; init; }

    public static DispatchEventView Of(DispatchEvent e, TimeZoneInfo zone) => new(
        e.EventId, e.ProgramId, e.Kind.ToWire(), e.Status.ToWire(), e.StartUtc, e.EndUtc, TimeZoneInfo.ConvertTime(e.StartUtc, zone), TimeZoneInfo.ConvertTime(e.EndUtc, zone),
        e.TargetKw, [.. e.DeviceTypes.Select(t => t.ToWire())], e.Feeders, e.Notice.ToWire(), e.IsTest, e.Message,
        [.. e.History.Select(h => new DispatchTransitionView(h.From?.ToWire(), h.To.ToWire(), h.AtUtc, h.Cause))]);
}
