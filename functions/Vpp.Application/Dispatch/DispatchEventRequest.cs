using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>What a manager (or the product, proposing) asks for: the event's fields, start and end as instants.</summary>
public sealed record DispatchEventRequest(
    DispatchEventKind Kind,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    double? TargetKw,
    IReadOnlyCollection<DeviceType> DeviceTypes,
    IReadOnlyCollection<string>? Feeders,
    DispatchNotice Notice,
    bool IsTest,
    string? Message,
    bool Proposed);
