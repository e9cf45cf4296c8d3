using System.Globalization;

namespace Vpp.LocalHost.Triggers;

/// <summary>
/// A six-field NCRONTAB expression as Azure Functions timers use it: <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>,
/// each field <c>*</c>, a value, a range <c>a-b</c>, a list <c>a,b</c> or a step <c>*/n</c> / <c>a-b/n</c>. Evaluated in UTC.
/// When both day and day-of-week are restricted, a time must match both.
/// </summary>
public sealed class NcrontabSchedule
{
    private readonly bool[] seconds, minutes, hours, days, months, weekdays;

    private NcrontabSchedule(bool[][] fields)
    {
        (seconds, minutes, hours, days, months, weekdays) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    public static NcrontabSchedule Parse(string expression)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' is not a six-field NCRONTAB expression ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}).");
        }

        int[][] bounds = [[0, 59], [0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];
        return new NcrontabSchedule(parts.Select((p, i) => ParseField(p, bounds[i][0], bounds[i][1], expression)).ToArray());
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = after.UtcDateTime;
        t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!days[t.Day] || !weekdays[(int)t.DayOfWeek])
            {
                t = t.Date.AddDays(1);
            }
            else if (!hours[t.Hour])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
            }
            else if (!minutes[t.Minute])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
            }
            else if (!seconds[t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return new DateTimeOffset(t);
            }
        }

        throw new InvalidOperationException("The schedule has no occurrence in the next five years.");
    }

    private static bool[] ParseField(string field, int min, int max, string expression)
    {
        var allowed = new bool[max + 1];
        foreach (var item in field.Split(','))
        {
            var (range, step) = item.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"'{item}' in '{expression}' is not a valid NCRONTAB field."),
            };
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b] && int.TryParse(a, CultureInfo.InvariantCulture, out from) && int.TryParse(b, CultureInfo.InvariantCulture, out to))
            {
            }
            else if (int.TryParse(range, CultureInfo.InvariantCulture, out from))
            {
                to = step > 1 ? max : from;
            }
            else
            {
                throw new FormatException($"'{item}' in '{expression}' is not a valid NCRONTAB field.");
            }

            if (from < min || to > max || from > to)
            {
                throw new FormatException($"'{item}' in '{expression}' is outside {min}-{max}.");
            }

            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }

        return allowed;
    }
}
