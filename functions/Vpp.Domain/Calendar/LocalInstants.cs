using System.Globalization;

namespace Vpp.Domain.Calendar;

/// <summary>
/// Instants people give in their own local time: with an offset (2026-07-14T17:00:00-07:00, taken as is), or as a
/// local date and time in the program's zone (2026-07-14T17:00). A local time the clocks skip does not exist, and one
/// they repeat is ambiguous: both are refused, saying why, rather than guessed.
/// </summary>
public static class LocalInstants
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public static bool TryParse(string? text, TimeZoneInfo zone, out DateTimeOffset instant, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(zone);
        problem = null;
        if (Instants.TryParseWithOffset(text, out instant))
        {
            return true;
        }

        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) || !Instants.IsPlausibleYear(local.Year))
        {
            problem = "a local date and time (2026-07-14T17:00) in the program's time zone, or an instant with its offset, in 2000-2199";
            return false;
        }

        if (zone.IsInvalidTime(local))
        {
            problem = $"{text} does not exist in {zone.Id}: the clocks skip it";
            return false;
        }

        if (zone.IsAmbiguousTime(local))
        {
            problem = $"{text} happens twice in {zone.Id} as the clocks go back: give it with its offset";
            return false;
        }

        instant = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone));
        return true;
    }
}
