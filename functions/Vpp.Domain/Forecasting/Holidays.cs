namespace Vpp.Domain.Forecasting;

/// <summary>
/// Fixed-date public holidays that shape load in the markets we serve (New Year's Day, Independence Day, Christmas,
/// Boxing Day). Moveable feasts are left to the weekday terms until a program supplies its own calendar.
/// </summary>
public static class Holidays
{
    public static bool IsHoliday(DateTime localDate) => (localDate.Month, localDate.Day) is (1, 1) or (7, 4) or (12, 25) or (12, 26);
}
