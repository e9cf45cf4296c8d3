using System.Globalization;

namespace Vpp.Domain.Calendar;

public static class Instants
{
    /// <summary>
    /// An ISO-8601 instant with an explicit offset ('Z' or ±hh:mm), as UTC. A local time without one is refused: it is
    /// ambiguous in the hour DST repeats and names nothing in the hour it skips.
    /// </summary>
    public static bool TryParseWithOffset(string? text, out DateTimeOffset instant)
    {
        instant = default;
        var hasOffset = text is not null && (text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':'));
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        instant = parsed.ToUniversalTime();
        return true;
    }
}
