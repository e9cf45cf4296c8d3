namespace Vpp.Domain.Telemetry;

/// <summary>How far a message may stray from the device's ratings and the clock before it is rejected.</summary>
public sealed record TelemetryValidationPolicy(
    TimeSpan MaxClockAhead,
    TimeSpan MaxAge,
    double PowerTolerance,
    double HouseholdBaseLoadKw)
{
    /// <summary>
    /// 5 minutes of clock skew; a week of backlog (a device offline over a long weekend still counts);
    /// 10 % over nameplate for meter error; the device's meter also sees up to 25 kW of the home's own load.
    /// </summary>
    public static TelemetryValidationPolicy Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), 1.1, 25);
}
