using System.Globalization;

namespace Vpp.Domain.Calendar;

public static class Instants
{
    /// <summary>The years a program's instants and dates may fall in: anything else is a typo, and near the ends of the calendar arithmetic overflows.</summary>
    public const int EarliestYear = 2000;

    public const int LatestYear = 2199;

    public static bool IsPlausibleYear(int year) => year is >= EarliestYear and <= LatestYear;

    /// <summary>A date as <c>yyyy-MM-dd</c>, in <see cref="EarliestYear"/>-<see cref="LatestYear"/>.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && IsPlausibleYear(date.Year);

    /// <summary>
    /// An ISO-8601 instant with an explicit offset ('Z' or ±hh:mm), as UTC, in <see cref="EarliestYear"/>-<see cref="LatestYear"/>.
    /// A local time without an offset is refused: it is ambiguous in the hour DST repeats and names nothing in the hour it skips.
    /// </summary>
    public static bool TryParseWithOffset(string? text, out DateTimeOffset instant)
    {
        instant = default;
        var hasOffset = text is not null && (text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':'));
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        if (!IsPlausibleYear(parsed.UtcDateTime.Year))
        {
            return false;
        }

        instant = parsed.ToUniversalTime();
        return true;
    }
}
