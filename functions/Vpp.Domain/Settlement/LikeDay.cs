namespace Vpp.Domain.Settlement;

/// <summary>A like day of an event day: what the device drew at the event's local times and at the adjustment window's.</summary>
public sealed record LikeDay(DateOnly Day, IReadOnlyList<double> EventKwh, IReadOnlyList<double> WindowKwh)
{
    public double EventTotalKwh => EventKwh.Sum();
}
