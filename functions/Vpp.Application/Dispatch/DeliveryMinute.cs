namespace Vpp.Application.Dispatch;

/// <summary>
/// One minute of an event's delivery, measured from the commanded devices' latest telemetry: their baseline (what they
/// would have drawn), what they drew, the difference in the event's direction, the target then, how many reported and
/// how many were commanded, and the devices found overridden or opted out in it.
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
    int OptOuts);
