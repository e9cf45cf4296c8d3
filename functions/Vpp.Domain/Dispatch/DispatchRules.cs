using System.Globalization;
using Vpp.Domain.Calendar;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// A program's rules for events, checked when one is created, confirmed or changed: allowed local hours (e.g. 14:00
/// to 19:00; the event lies within them on one local day), weekdays only, not on the program's holidays (as "non-holiday
/// weekdays" in a tariff), the season's months, at most so many events
/// and hours per season (real events scheduled or run; proposed, cancelled and test events do not count), a least
/// notice. Every event lasts 15 minutes to 6 hours and overlaps no other on the same devices.
/// </summary>
public sealed record DispatchRules(
    TimeSpan AllowedFromLocal,
    TimeSpan AllowedUntilLocal,
    bool WeekdaysOnly,
    DispatchSeason Season,
    int? MaxEventsPerSeason,
    double? MaxHoursPerSeason,
    TimeSpan MinimumNotice,
    bool NotOnHolidays = false)
{
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(6);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Any hour of any day of the year, no limits, no notice beyond what the notice kind promises.</summary>
    public static DispatchRules Unrestricted { get; } = new(TimeSpan.Zero, Day, false, DispatchSeason.WholeYear, null, null, TimeSpan.Zero);

    private bool AllDay => AllowedFromLocal == TimeSpan.Zero && AllowedUntilLocal == Day;

    /// <summary>What is wrong with the rules themselves, by field.</summary>
    public IReadOnlyList<Devices.FieldError> Validate()
    {
        var errors = new List<Devices.FieldError>();
        if (AllowedFromLocal < TimeSpan.Zero || AllowedUntilLocal > Day || AllowedFromLocal >= AllowedUntilLocal)
        {
            errors.Add(new("allowedHours", "a local window within the day, its start before its end (00:00 to 24:00 for any hour)"));
        }

        if (!Season.IsValid)
        {
            errors.Add(new("season", "months 1 to 12"));
        }

        if (MaxEventsPerSeason is < 1)
        {
            errors.Add(new("maxEventsPerSeason", "at least 1, or left out for no limit"));
        }

        if (MaxHoursPerSeason is not null && !(MaxHoursPerSeason > 0))
        {
            errors.Add(new("maxHoursPerSeason", "more than 0, or left out for no limit"));
        }

        if (MinimumNotice < TimeSpan.Zero || MinimumNotice > TimeSpan.FromDays(7))
        {
            errors.Add(new("minimumNotice", "0 to 7 days"));
        }

        return errors;
    }

    /// <summary>
    /// The rules <paramref name="candidate"/> breaks, in the program's <paramref name="zone"/> and <paramref name="holidays"/>, decided at
    /// <paramref name="now"/> among the program's <paramref name="others"/> (the candidate itself among them is ignored).
    /// </summary>
    public IReadOnlyList<DispatchRuleViolation> Check(DispatchEvent candidate, TimeZoneInfo zone, HolidayCalendar holidays, DateTimeOffset now, IEnumerable<DispatchEvent> others)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(holidays);
        var violations = new List<DispatchRuleViolation>();
        var length = candidate.EndUtc - candidate.StartUtc;
        if (length < MinDuration || length > MaxDuration)
        {
            violations.Add(new("duration", $"an event lasts {MinDuration.TotalMinutes:0} minutes to {MaxDuration.TotalHours:0} hours; this one {length.TotalMinutes:0} minutes"));
        }

        var startDate = LocalDays.DateOf(candidate.StartUtc, zone);
        if (!AllDay)
        {
            if (candidate.StartUtc < LocalAt(startDate, AllowedFromLocal, zone) || candidate.EndUtc > LocalAt(startDate, AllowedUntilLocal, zone))
            {
                violations.Add(new("allowedHours", $"events run between {Clock(AllowedFromLocal)} and {Clock(AllowedUntilLocal)} local time"));
            }
        }

        if (WeekdaysOnly && (startDate.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            violations.Add(new("weekdaysOnly", "events run on weekdays only"));
        }

        if (NotOnHolidays && holidays.IsHoliday(startDate))
        {
            violations.Add(new("notOnHolidays", $"events do not run on the program's holidays ({holidays.Description}), and {startDate:yyyy-MM-dd} is one"));
        }

        var lead = candidate.StartUtc - now;
        var promised = DispatchNotices.MinimumLead(candidate.Notice);
        if (lead < promised)
        {
            violations.Add(new("notice", $"{candidate.Notice} notice promises customers {promised.TotalHours:0.##} hours; the event starts in {Math.Max(0, lead.TotalHours):0.##}"));
        }

        if (lead < MinimumNotice)
        {
            violations.Add(new("minimumNotice", $"the program gives at least {MinimumNotice.TotalHours:0.##} hours' notice; the event starts in {Math.Max(0, lead.TotalHours):0.##}"));
        }

        var rest = others.Where(o => o.EventId != candidate.EventId).ToList();
        if (rest.FirstOrDefault(o => o.Holds && o.Overlaps(candidate)) is { } overlapped)
        {
            violations.Add(new("overlap", $"overlaps event '{overlapped.EventId}' ({overlapped.StartUtc:O} to {overlapped.EndUtc:O}) on the same devices"));
        }

        var season = Season.SeasonOf(startDate);
        if (season is null)
        {
            violations.Add(new("season", $"events run in months {Season.FirstMonth} to {Season.LastMonth}"));
        }
        else if (!candidate.IsTest)
        {
            var counted = rest.Where(o => o.CountsAgainstLimits && Season.SeasonOf(LocalDays.DateOf(o.StartUtc, zone)) == season).ToList();
            if (MaxEventsPerSeason is { } maxEvents && counted.Count + 1 > maxEvents)
            {
                violations.Add(new("maxEventsPerSeason", $"the program calls at most {maxEvents} events a season; {counted.Count} are scheduled or held in the season of {season}"));
            }

            var hours = counted.Sum(o => (o.EndUtc - o.StartUtc).TotalHours);
            if (MaxHoursPerSeason is { } maxHours && hours + length.TotalHours > maxHours + 1e-9)
            {
                violations.Add(new("maxHoursPerSeason", $"the program calls at most {maxHours:0.##} hours a season; {hours:0.##} are scheduled or held in the season of {season}, this event adds {length.TotalHours:0.##}"));
            }
        }

        return violations;
    }

    /// <summary>The instant a local time of day (up to 24:00) falls on, on a local date: DST days have 23 or 25 hours.</summary>
    private static DateTimeOffset LocalAt(DateOnly date, TimeSpan timeOfDay, TimeZoneInfo zone) =>
        timeOfDay == Day
            ? LocalDays.StartUtc(date.AddDays(1), zone)
            : LocalDays.AtUtc(date.ToDateTime(TimeOnly.MinValue), TimeOnly.FromTimeSpan(timeOfDay), zone);

    /// <summary>A local time of day as HH:mm, the day's end as 24:00.</summary>
    public static string Clock(TimeSpan timeOfDay) => string.Create(CultureInfo.InvariantCulture, $"{(int)timeOfDay.TotalHours:00}:{timeOfDay.Minutes:00}");
}
