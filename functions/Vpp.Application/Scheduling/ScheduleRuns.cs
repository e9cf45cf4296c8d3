using System.Globalization;

namespace Vpp.Application.Scheduling;

/// <summary>
/// The two kinds of plan a program gets: the rolling intraday plan (every 15 minutes, the next 24 hours) and the
/// day-ahead plan (once a day, tomorrow's whole local day), which devices keep as a fallback.
/// </summary>
public static class ScheduleRuns
{
    public const string Intraday = "intraday";
    public const string DayAhead = "day-ahead";

    public static bool IsKnown(string run) => run is Intraday or DayAhead;

    /// <summary>How a schedule's local date is keyed in the store and the API (yyyy-MM-dd).</summary>
    public static string DateKey(DateOnly localDate) => localDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
