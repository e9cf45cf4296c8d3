namespace Vpp.Domain.Calendar;

/// <summary>
/// The six NERC additional off-peak days, the holidays US utilities' demand-response baselines leave out of like days:
/// New Year's Day, Memorial Day (last Monday of May), Independence Day, Labor Day (first Monday of September),
/// Thanksgiving (fourth Thursday of November) and Christmas Day. A fixed-date holiday on a Sunday is kept on the Monday
/// after (the Sunday is then a weekend day like any other); on a Saturday it stays on the Saturday (no weekday is given
/// up for it).
/// </summary>
public static class NercHolidays
{
    public static bool IsHoliday(DateOnly day) => day.Month switch
    {
        1 => IsFixed(day, 1, 1),
        5 => day.DayOfWeek == DayOfWeek.Monday && day.AddDays(7).Month != 5,
        7 => IsFixed(day, 7, 4),
        9 => day.DayOfWeek == DayOfWeek.Monday && day.Day <= 7,
        11 => day.DayOfWeek == DayOfWeek.Thursday && (day.Day - 1) / 7 == 3,
        12 => IsFixed(day, 12, 25),
        _ => false,
    };

    /// <summary>The day the holiday is kept: its date, or the Monday after it when the date is a Sunday.</summary>
    private static bool IsFixed(DateOnly day, int month, int dayOfMonth)
    {
        var date = new DateOnly(day.Year, month, dayOfMonth);
        return day == (date.DayOfWeek == DayOfWeek.Sunday ? date.AddDays(1) : date);
    }
}
