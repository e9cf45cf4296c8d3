namespace Vpp.Domain.Calendar;

/// <summary>
/// A program's public holidays, by its market's published rules: the days its load is forecast and its tariff priced
/// like a Sunday's, that like-days baselines count with weekend days rather than weekdays, and that its event rules may
/// keep free of events. A program names one (<see cref="Id"/>); programs that name none are on <see cref="UsNerc"/>, the
/// calendar US demand-response baselines use.
/// </summary>
public sealed class HolidayCalendar
{
    public const string UsNercId = "us-nerc";
    public const string CaliforniaIouId = "us-ca-iou";
    public const string EnglandAndWalesId = "gb-england-wales";
    public const string NoneId = "none";

    private readonly Func<DateOnly, bool> isHoliday;

    private HolidayCalendar(string id, string description, Func<DateOnly, bool> isHoliday)
    {
        Id = id;
        Description = description;
        this.isHoliday = isHoliday;
    }

    /// <summary>
    /// The six NERC additional off-peak days: New Year's Day, Memorial Day (last Monday of May), Independence Day, Labor
    /// Day (first Monday of September), Thanksgiving (fourth Thursday of November) and Christmas Day. A fixed-date holiday
    /// on a Sunday is kept on the Monday after (the Sunday is then a weekend day like any other); on a Saturday it stays
    /// on the Saturday (no weekday is given up for it).
    /// </summary>
    public static HolidayCalendar UsNerc { get; } = new(UsNercId, "the six NERC off-peak days (US)", UsRules.IsNercHoliday);

    /// <summary>
    /// The eight time-of-use holidays of California's investor-owned utilities (PG&amp;E, SCE, SDG&amp;E), which their
    /// commercial and EV tariffs price as weekend days: NERC's six, Presidents' Day (third Monday of February) and
    /// Veterans Day (11 November), kept on the Monday after a Sunday and not moved from a Saturday, as for
    /// <see cref="UsNerc"/>.
    /// </summary>
    public static HolidayCalendar CaliforniaIou { get; } = new(CaliforniaIouId, "the eight TOU holidays of PG&E, SCE and SDG&E (California)", UsRules.IsCaliforniaIouHoliday);

    /// <summary>
    /// The bank holidays of England and Wales as GOV.UK lists them: New Year's Day, Good Friday, Easter Monday, the early
    /// May, spring and summer bank holidays, Christmas Day and Boxing Day, each on a weekend kept on the next free weekday,
    /// and the days proclaimed one year only (a jubilee, a state funeral) with the days they replaced.
    /// </summary>
    public static HolidayCalendar EnglandAndWales { get; } = new(EnglandAndWalesId, "the bank holidays of England and Wales", EnglandAndWalesRules.IsHoliday);

    /// <summary>No holidays: every Monday to Friday is a weekday.</summary>
    public static HolidayCalendar None { get; } = new(NoneId, "no holidays", static _ => false);

    public static IReadOnlyList<HolidayCalendar> All { get; } = [UsNerc, CaliforniaIou, EnglandAndWales, None];

    public string Id { get; }

    public string Description { get; }

    public static HolidayCalendar? Find(string? id) => All.FirstOrDefault(c => c.Id == id);

    public bool IsHoliday(DateOnly day) => isHoliday(day);

    /// <summary>Monday to Friday and not a holiday: what like-days baselines and the forecast's weekday terms call a weekday.</summary>
    public bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(day);

    public override string ToString() => Id;

    private static class UsRules
    {
        public static bool IsNercHoliday(DateOnly day) => day.Month switch
        {
            1 => IsFixed(day, 1, 1),
            5 => day.DayOfWeek == DayOfWeek.Monday && day.AddDays(7).Month != 5,
            7 => IsFixed(day, 7, 4),
            9 => day.DayOfWeek == DayOfWeek.Monday && day.Day <= 7,
            11 => IsNth(day, DayOfWeek.Thursday, 4),
            12 => IsFixed(day, 12, 25),
            _ => false,
        };

        public static bool IsCaliforniaIouHoliday(DateOnly day) => day.Month switch
        {
            2 => IsNth(day, DayOfWeek.Monday, 3),
            11 => IsFixed(day, 11, 11) || IsNercHoliday(day),
            _ => IsNercHoliday(day),
        };

        private static bool IsNth(DateOnly day, DayOfWeek dayOfWeek, int nth) => day.DayOfWeek == dayOfWeek && (day.Day - 1) / 7 == nth - 1;

        /// <summary>The day the holiday is kept: its date, or the Monday after it when the date is a Sunday.</summary>
        private static bool IsFixed(DateOnly day, int month, int dayOfMonth)
        {
            var date = new DateOnly(day.Year, month, dayOfMonth);
            return day == (date.DayOfWeek == DayOfWeek.Sunday ? date.AddDays(1) : date);
        }
    }

    private static class EnglandAndWalesRules
    {
        // Proclaimed for one year (GOV.UK, "UK bank holidays"): VE Day's 75th anniversary, the Golden, Diamond and Platinum
        // Jubilees, a royal wedding, the Queen's state funeral, the King's coronation.
        private static readonly HashSet<DateOnly> Proclaimed =
        [
            new(2002, 6, 3), new(2002, 6, 4), new(2011, 4, 29), new(2012, 6, 4), new(2012, 6, 5), new(2020, 5, 8),
            new(2022, 6, 2), new(2022, 6, 3), new(2022, 9, 19), new(2023, 5, 8),
        ];

        // The regular bank holidays those proclamations moved away.
        private static readonly HashSet<DateOnly> Moved = [new(2002, 5, 27), new(2012, 5, 28), new(2020, 5, 4), new(2022, 5, 30)];

        public static bool IsHoliday(DateOnly day)
        {
            if (Proclaimed.Contains(day))
            {
                return true;
            }

            if (Moved.Contains(day) || day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                return false;
            }

            var year = day.Year;
            var easter = EasterSunday(year);
            return day == NextWeekday(new DateOnly(year, 1, 1))
                || day == easter.AddDays(-2)
                || day == easter.AddDays(1)
                || day == FirstMonday(year, 5)
                || day == LastMonday(year, 5)
                || day == LastMonday(year, 8)
                || IsChristmasOrBoxingDay(day);
        }

        /// <summary>Christmas Day and Boxing Day, or their substitutes: the first two weekdays from 25 December.</summary>
        private static bool IsChristmasOrBoxingDay(DateOnly day)
        {
            var first = NextWeekday(new DateOnly(day.Year, 12, 25));
            return day == first || day == NextWeekday(first.AddDays(1));
        }

        private static DateOnly NextWeekday(DateOnly day) => day.DayOfWeek switch
        {
            DayOfWeek.Saturday => day.AddDays(2),
            DayOfWeek.Sunday => day.AddDays(1),
            _ => day,
        };

        private static DateOnly FirstMonday(int year, int month)
        {
            var first = new DateOnly(year, month, 1);
            return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
        }

        private static DateOnly LastMonday(int year, int month)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
        }

        /// <summary>Western Easter in the Gregorian calendar (the anonymous algorithm, as Meeus gives it).</summary>
        private static DateOnly EasterSunday(int year)
        {
            var a = year % 19;
            var b = year / 100;
            var c = year % 100;
            var d = b / 4;
            var e = b % 4;
            var f = (b + 8) / 25;
            var g = (b - f + 1) / 3;
            var h = ((19 * a) + b - d - g + 15) % 30;
            var i = c / 4;
            var k = c % 4;
            var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
            var m = (a + (11 * h) + (22 * l)) / 451;
            var month = (h + l - (7 * m) + 114) / 31;
            var dayOfMonth = ((h + l - (7 * m) + 114) % 31) + 1;
            return new DateOnly(year, month, dayOfMonth);
        }
    }
}
