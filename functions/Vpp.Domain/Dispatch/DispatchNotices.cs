namespace Vpp.Domain.Dispatch;

/// <summary>The lead time each notice kind promises customers at the least.</summary>
public static class DispatchNotices
{
    public static TimeSpan MinimumLead(DispatchNotice notice) => notice switch
    {
        DispatchNotice.DayAhead => TimeSpan.FromHours(12),
        DispatchNotice.HourAhead => TimeSpan.FromHours(1),
        _ => TimeSpan.Zero,
    };
}
