using System.Globalization;
using Microsoft.AspNetCore.Http;
using Vpp.Domain.Calendar;

namespace Vpp.Functions;

/// <summary>
/// The <c>from</c> and <c>to</c> query parameters of a time-range read: each an instant with its offset or a local date
/// in the program's time zone (a <c>to</c> date is included), absent for the endpoint's default.
/// </summary>
public static class TimeRangeQuery
{
    public static (DateTimeOffset FromUtc, DateTimeOffset ToUtc, IResult? Problem) Parse(
        string? from, string? to, TimeZoneInfo zone, DateTimeOffset defaultFrom, TimeSpan defaultSpan, TimeSpan maxSpan)
    {
        if (!TryParseBound(from, zone, endOfDay: false, out var start))
        {
            return (default, default, Problems.Validation("from", "an instant with its offset (2026-11-22T14:00:00Z) or a local date (2026-11-22)"));
        }

        if (!TryParseBound(to, zone, endOfDay: true, out var end))
        {
            return (default, default, Problems.Validation("to", "an instant with its offset (2026-11-23T00:00:00+01:00) or a local date, included (2026-11-23)"));
        }

        var fromUtc = start ?? defaultFrom;
        var toUtc = end ?? fromUtc + defaultSpan;
        return toUtc <= fromUtc || toUtc - fromUtc > maxSpan
            ? (default, default, Problems.Validation("to", $"must be after 'from' and at most {maxSpan.TotalDays:0} days after it"))
            : (fromUtc, toUtc, null);
    }

    private static bool TryParseBound(string? text, TimeZoneInfo zone, bool endOfDay, out DateTimeOffset? bound)
    {
        bound = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            bound = LocalDays.StartUtc(date.AddDays(endOfDay ? 1 : 0), zone);
            return true;
        }

        if (Instants.TryParseWithOffset(text, out var instant))
        {
            bound = instant;
            return true;
        }

        return false;
    }
}
