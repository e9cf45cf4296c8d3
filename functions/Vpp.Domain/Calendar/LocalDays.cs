namespace Vpp.Domain.Calendar;

/// <summary>Where local days begin and end in UTC: a day is 23, 24 or 25 hours long where clocks change.</summary>
public static class LocalDays
{
    /// <summary>The instant a local day starts; where DST skips midnight, the first valid local time after it.</summary>
    public static DateTimeOffset StartUtc(DateTime localDate, TimeZoneInfo zone) => AtUtc(localDate, TimeOnly.MinValue, zone);

    /// <summary>
    /// The instant a local time of day occurs on a local date. A time the clocks skip moves to the first valid time
    /// after it; a time they repeat is its first (daylight) occurrence.
    /// </summary>
    public static DateTimeOffset AtUtc(DateTime localDate, TimeOnly time, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(localDate.Date + time.ToTimeSpan(), DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone));
    }

    public static DateTimeOffset StartUtc(DateOnly localDate, TimeZoneInfo zone) => StartUtc(localDate.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The local date an instant falls on.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
