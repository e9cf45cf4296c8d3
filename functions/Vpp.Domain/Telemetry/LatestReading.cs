namespace Vpp.Domain.Telemetry;

/// <summary>A device's most recent counted state.</summary>
public readonly record struct LatestReading(
    long Sequence,
    DateTimeOffset Timestamp,
    int IntervalSeconds,
    double PowerKw,
    double? SolarKw,
    double? SiteNetKw,
    double? StateOfChargePct,
    bool? Plugged,
    double? SessionEnergyKwh,
    double? TankTemperatureC,
    double? IndoorTemperatureC,
    double? SetpointC)
{
    public static LatestReading From(in TelemetryMessage m) =>
        new(m.Sequence, m.Timestamp, m.IntervalSeconds, m.PowerKw, m.SolarKw, m.SiteNetKw, m.StateOfChargePct, m.Plugged,
            m.SessionEnergyKwh, m.TankTemperatureC, m.IndoorTemperatureC, m.SetpointC);
}
