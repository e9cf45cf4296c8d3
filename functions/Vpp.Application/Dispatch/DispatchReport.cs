using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// What an event delivered, per device and in total, per 15-minute interval of its window (what settlement reads):
/// baseline, measured and delivered kW and kWh, participation, opt-outs and overrides; and the rebound after release
/// (<see cref="Rebound"/>: the commanded devices' draw while they are held and catch up; <see cref="ReboundPeakKw"/> its
/// highest 15-minute mean, to hold against <see cref="UndispatchedPeakKw"/>, their undispatched peak in the window).
/// </summary>
public sealed record DispatchReport(
    string EventId,
    string ProgramId,
    DispatchEventKind Kind,
    bool IsTest,
    DispatchEventStatus Outcome,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    double? TargetKw,
    int IntervalMinutes,
    int Participants,
    int ReservesCalled,
    int OptOuts,
    int Overrides,
    double DeliveredKwh,
    double MeanDeliveredKw,
    double ReboundPeakKw,
    double UndispatchedPeakKw,
    IReadOnlyList<DispatchReportInterval> Totals,
    IReadOnlyList<DispatchReportInterval> Rebound,
    IReadOnlyList<DispatchReportDevice> Devices,
    DateTimeOffset CreatedUtc);
