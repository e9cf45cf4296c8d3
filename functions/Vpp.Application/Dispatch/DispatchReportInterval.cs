namespace Vpp.Application.Dispatch;

/// <summary>
/// One interval of an event's report (15 minutes, the settlement grain): baseline, measured and delivered mean kW, the
/// delivered kWh (of the part of the interval inside the event), and how many devices' telemetry covered it.
/// </summary>
public sealed record DispatchReportInterval(DateTimeOffset StartUtc, double BaselineKw, double MeasuredKw, double DeliveredKw, double DeliveredKwh, int Reporting);
