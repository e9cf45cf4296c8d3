using System.Globalization;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Functions.Programs;

/// <summary>
/// A program's event rules as the API carries them: allowed local hours ("14:00" to "19:00"; "00:00" to "24:00" by
/// default), weekdays only, not on the program's holidays, the season's months, the season's limits, the least notice in minutes.
/// </summary>
public sealed record EventRulesBody(
    string? AllowedFrom, string? AllowedUntil, bool? WeekdaysOnly, int? SeasonFirstMonth, int? SeasonLastMonth, int? MaxEventsPerSeason, double? MaxHoursPerSeason,
    int? MinimumNoticeMinutes,
    bool? NotOnHolidays = null)
{
    public static EventRulesBody Of(DispatchRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(DispatchRules.Clock(rules.AllowedFromLocal), DispatchRules.Clock(rules.AllowedUntilLocal), rules.WeekdaysOnly, rules.Season.FirstMonth, rules.Season.LastMonth, rules.MaxEventsPerSeason,
            rules.MaxHoursPerSeason, (int)rules.MinimumNotice.TotalMinutes, rules.NotOnHolidays);
    }

    /// <summary>The rules, or what is wrong with them by field (under <c>eventRules.</c>).</summary>
    public (DispatchRules? Rules, IReadOnlyList<FieldError> Errors) Read()
    {
        var errors = new List<FieldError>();
        var from = TimeOfDay(AllowedFrom ?? "00:00", "allowedFrom", errors);
        var until = TimeOfDay(AllowedUntil ?? "24:00", "allowedUntil", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var rules = new DispatchRules(from, until, WeekdaysOnly ?? false, new DispatchSeason(SeasonFirstMonth ?? 1, SeasonLastMonth ?? 12), MaxEventsPerSeason, MaxHoursPerSeason,
            TimeSpan.FromMinutes(MinimumNoticeMinutes ?? 0), NotOnHolidays ?? false);
        var invalid = rules.Validate();
        return invalid.Count > 0 ? (null, [.. invalid.Select(e => e with { Field = "eventRules." + e.Field })]) : (rules, []);
    }

    private static TimeSpan TimeOfDay(string text, string field, List<FieldError> errors)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromDays(1);
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.ToTimeSpan();
        }

        errors.Add(new FieldError("eventRules." + field, "a local time of day as HH:mm (24:00 for the day's end)"));
        return TimeSpan.Zero;
    }
}
