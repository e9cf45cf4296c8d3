namespace Vpp.Domain.Calendar;

/// <summary>Where local days begin and end in UTC: a day is 23, 24 or 25 hours long where clocks change.</summary>
public static class LocalDays
{
    /// <summary>The instant a local day starts; where DST skips midnight, the first valid local time after it.</summary>
    public static DateTimeOffset StartUtc(DateTime localDate, TimeZoneInfo zone)
    {
        var midnight = DateTime.SpecifyKind(localDate.Date, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(midnight, zone));
    }

    public static DateTimeOffset StartUtc(DateOnly localDate, TimeZoneInfo zone) => StartUtc(localDate.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The local date an instant falls on.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
