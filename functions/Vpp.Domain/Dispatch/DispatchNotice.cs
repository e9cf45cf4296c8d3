namespace Vpp.Domain.Dispatch;

/// <summary>How far ahead customers hear of an event; each kind has a least lead time (<see cref="DispatchNotices.MinimumLead"/>).</summary>
public enum DispatchNotice
{
    DayAhead,
    HourAhead,
    Immediate,
}
