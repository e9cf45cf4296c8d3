using System.Globalization;
using Vpp.Domain.Calendar;

namespace Vpp.Functions.Settlement;

/// <summary>A settled month on the wire: <c>yyyy-MM</c>, for its first day.</summary>
public static class SettlementMonth
{
    public static readonly string Description = $"the month, yyyy-MM, in {Instants.EarliestYear}-{Instants.LatestYear}";

    public static bool TryParse(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month) && Instants.IsPlausibleYear(month.Year);

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
