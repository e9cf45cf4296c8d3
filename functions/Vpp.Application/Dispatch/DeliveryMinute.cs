namespace Vpp.Application.Dispatch;

/// <summary>
/// One minute of an event's delivery, measured from the commanded devices' latest telemetry: their baseline (what they
/// would have drawn), what they drew, the difference in the event's direction, the target then, how many reported and
/// how many were commanded, the devices found overridden or opted out in it, and how often the devices counted report
/// (the median of their readings' intervals, 0 when none reported: minutes measured before this was kept read as 0 too).
/// </summary>
public sealed record DeliveryMinute(
    string EventId,
    DateTimeOffset MinuteUtc,
    double TargetKw,
    double BaselineKw,
    double MeasuredKw,
    double DeliveredKw,
    int Reporting,
    int Commanded,
    int Overrides,
    int OptOuts,
    int ReportingIntervalSeconds = 0);
