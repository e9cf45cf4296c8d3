using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;

namespace Vpp.Application.Programs;

/// <summary>
/// A VPP program: its devices report every <see cref="TelemetryIntervalSeconds"/>; it settles in <see cref="TimeZoneId"/>.
/// With <see cref="AutonomousScheduling"/> the day-ahead plan is pushed to its devices without a program manager's approval.
/// Tomorrow's day-ahead plan is made at <see cref="DayAheadRunsAt"/> local time (13:00 unless set). Its plans serve its
/// <see cref="Objective"/> (<see cref="ProgramObjectives"/>); priced by the market or its <see cref="Tariff"/>, they say what they cost.
/// When tomorrow's forecast peak (P50) exceeds <see cref="ProposeEventsAboveKw"/>, a reduction is proposed for a manager to confirm.
/// Its <see cref="Holidays"/> (a <see cref="HolidayCalendar"/> id, <see cref="HolidayCalendar.UsNercId"/> unless set) are
/// forecast and priced like Sundays, are not like days of a weekday event's baseline, and may be kept free of events.
/// </summary>
public sealed record VppProgram(
    string ProgramId,
    string Name,
    string TimeZoneId,
    int TelemetryIntervalSeconds,
    bool AutonomousScheduling = false,
    TimeOnly? DayAheadLocalTime = null,
    string Objective = ProgramObjectives.PeakShaving,
    ProgramTariff? Tariff = null,
    Vpp.Domain.Dispatch.DispatchRules? EventRules = null,
    double? ProposeEventsAboveKw = null,
    string? Holidays = null)
{
    public static readonly TimeOnly DefaultDayAheadLocalTime = new(13, 0);

    public TimeOnly DayAheadRunsAt => DayAheadLocalTime ?? DefaultDayAheadLocalTime;

    /// <summary>The program's time zone; a method, so the program's JSON carries only its IANA id.</summary>
    public TimeZoneInfo FindTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The program's holiday calendar; a method, so the program's JSON carries only its id.</summary>
    public HolidayCalendar FindHolidays() => HolidayCalendar.Find(Holidays ?? HolidayCalendar.UsNercId)
        ?? throw new InvalidOperationException($"program {ProgramId} names an unknown holiday calendar '{Holidays}'");

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (!DeviceIdentifier.IsValid(ProgramId))
        {
            errors.Add(new FieldError("programId", "1-128 letters, digits, '-', '_', '.' or ':'"));
        }

        if (ProposeEventsAboveKw is { } threshold && !(threshold > 0 && threshold <= Vpp.Domain.Dispatch.DispatchEvent.MaxTargetKw))
        {
            errors.Add(new FieldError("proposeEventsAboveKw", $"more than 0 and at most {Vpp.Domain.Dispatch.DispatchEvent.MaxTargetKw:0} kW, or left out for no proposals"));
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors.Add(new FieldError("name", "required, at most 200 characters"));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId ?? string.Empty, out _))
        {
            errors.Add(new FieldError("timeZone", $"'{TimeZoneId}' is not a known IANA time zone"));
        }

        if (Holidays is not null && HolidayCalendar.Find(Holidays) is null)
        {
            errors.Add(new FieldError("holidays", $"one of {string.Join(", ", HolidayCalendar.All.Select(c => $"'{c.Id}' ({c.Description})"))}; '{HolidayCalendar.UsNercId}' when left out"));
        }

        if (TelemetryIntervalSeconds is < 1 or > 3600)
        {
            errors.Add(new FieldError("telemetryIntervalSeconds", "must be between 1 and 3600"));
        }

        if (DayAheadLocalTime is { } at && (at.Minute % 15 != 0 || at.Second != 0 || at.Millisecond != 0))
        {
            errors.Add(new FieldError("dayAheadLocalTime", "a whole quarter hour, HH:mm (the ScheduleOptimize timer runs every 15 minutes)"));
        }

        if (!ProgramObjectives.IsKnown(Objective ?? string.Empty))
        {
            errors.Add(new FieldError("objective", $"'{ProgramObjectives.PeakShaving}' (the default) or '{ProgramObjectives.EnergyCost}'"));
        }
        else if (Objective == ProgramObjectives.EnergyCost && Tariff is null)
        {
            errors.Add(new FieldError("tariff", $"required when the objective is '{ProgramObjectives.EnergyCost}': the time-of-use tariff that prices what the market's prices do not cover"));
        }

        if (Tariff?.Document.Length > ProgramTariff.MaxDocumentLength)
        {
            errors.Add(new FieldError("tariff", $"at most {ProgramTariff.MaxDocumentLength} characters"));
        }
        else if (Tariff?.Tariff.FirstUncoveredDay() is var (month, day, dayOfWeek))
        {
            errors.Add(new FieldError("tariff", FormattableString.Invariant($"no season prices {month:00}-{day:00} when it falls on a {dayOfWeek}: every day of the year needs a price")));
        }

        return errors;
    }
}
