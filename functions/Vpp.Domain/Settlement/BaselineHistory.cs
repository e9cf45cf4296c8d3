using Vpp.Domain.Calendar;
using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Settlement;

/// <summary>
/// What a device's baselines are estimated from: its metered energy per settlement interval (keyed by the interval's
/// start), its learned undispatched draw when it has one, the program's zone and holidays, and the local days that are not like days
/// (other event days, days it was opted out).
/// </summary>
public sealed record BaselineHistory(
    IReadOnlyDictionary<DateTimeOffset, double> IntervalKwh,
    PowerProfile? Profile,
    TimeZoneInfo Zone,
    HolidayCalendar Holidays,
    IReadOnlySet<DateOnly> ExcludedDays);
