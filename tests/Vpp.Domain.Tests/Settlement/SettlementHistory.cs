namespace Vpp.Domain.Tests.Settlement;

/// <summary>Meter histories for baseline tests, written by local date and hour.</summary>
public static class SettlementHistory
{
    /// <summary>Hourly energy for every local hour of the days from <paramref name="first"/> to <paramref name="last"/>, keyed by the hour's start.</summary>
    public static Dictionary<DateTimeOffset, double> Hourly(TimeZoneInfo zone, DateOnly first, DateOnly last, Func<DateOnly, int, double> kwh)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(kwh);
        var history = new Dictionary<DateTimeOffset, double>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var wall = day.ToDateTime(new TimeOnly(hour, 0));
                if (!zone.IsInvalidTime(wall))
                {
                    history[new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime()] = kwh(day, hour);
                }
            }
        }

        return history;
    }

    /// <summary>A local wall-clock hour as a UTC instant.</summary>
    public static DateTimeOffset LocalUtc(TimeZoneInfo zone, int year, int month, int day, int hour)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = new DateTime(year, month, day, hour, 0, 0);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }
}
