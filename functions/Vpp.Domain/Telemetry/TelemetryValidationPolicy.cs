namespace Vpp.Domain.Telemetry;

/// <summary>How far a message may stray from the device's ratings and the clock before it is rejected.</summary>
public sealed record TelemetryValidationPolicy(
    TimeSpan MaxClockAhead,
    TimeSpan MaxAge,
    double PowerTolerance,
    double StandbyKw)
{
    /// <summary>
    /// 5 minutes of clock skew; a week of backlog (a device offline over a long weekend still counts);
    /// 10 % over nameplate for meter error, plus 50 W of standby electronics.
    /// </summary>
    public static TelemetryValidationPolicy Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), 1.1, 0.05);

    /// <summary>No home's service connection carries more than this; a larger site reading is a data error.</summary>
    public const double MaxSiteKw = 200;
}
