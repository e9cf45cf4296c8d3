using System.Globalization;

namespace Vpp.Functions.Settlement;

/// <summary>A settled month on the wire: <c>yyyy-MM</c>, for its first day.</summary>
public static class SettlementMonth
{
    public const string Description = "the month, yyyy-MM";

    public static bool TryParse(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
