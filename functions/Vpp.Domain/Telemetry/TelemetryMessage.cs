namespace Vpp.Domain.Telemetry;

/// <summary>
/// One telemetry report, schema version 1 (docs/telemetry-schema.md). <see cref="PowerKw"/> is the device's own
/// mean power over [<see cref="Timestamp"/>, Timestamp + <see cref="IntervalSeconds"/>), load convention:
/// consumption positive, export negative. <see cref="SiteNetKw"/> is the whole home at the service point.
/// The device identity is not part of the message: it comes from the hub's system properties.
/// A value type: ingestion parses a million of these a second, and a message lives only until it is counted.
/// </summary>
public readonly record struct TelemetryMessage
{
    public required int SchemaVersion { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required int IntervalSeconds { get; init; }

    public required double PowerKw { get; init; }

    public double? SolarKw { get; init; }

    public double? SiteNetKw { get; init; }

    public double? StateOfChargePct { get; init; }

    public bool? Plugged { get; init; }

    public double? SessionEnergyKwh { get; init; }

    public double? TankTemperatureC { get; init; }

    public double? IndoorTemperatureC { get; init; }

    public double? SetpointC { get; init; }

    public string? DeviceType { get; init; }

    /// <summary>Energy drawn from the grid over the interval (never negative).</summary>
    public double EnergyImportedKwh => Math.Max(PowerKw, 0) * IntervalSeconds / 3600.0;

    /// <summary>Energy sent to the grid over the interval (never negative).</summary>
    public double EnergyExportedKwh => Math.Max(-PowerKw, 0) * IntervalSeconds / 3600.0;
}
