namespace Vpp.Domain.Telemetry;

/// <summary>
/// One device's telemetry summed over one interval: energy imported and exported (kWh), covered time,
/// solar energy, the range of its state (state of charge, or temperature), and for an EV charger the time a car was
/// plugged in (what its habits are learned from).
/// Messages are attributed to the interval that contains their timestamp.
/// </summary>
public sealed class TelemetryRollup
{
    public TelemetryRollup(RollupResolution resolution, DateTimeOffset intervalStart)
    {
        Resolution = resolution;
        IntervalStart = intervalStart;
    }

    public RollupResolution Resolution { get; }

    public DateTimeOffset IntervalStart { get; }

    public double EnergyImportedKwh { get; set; }

    public double EnergyExportedKwh { get; set; }

    public double SolarEnergyKwh { get; set; }

    public double CoveredSeconds { get; set; }

    public long SampleCount { get; set; }

    public double? MinStateOfChargePct { get; set; }

    public double? MaxStateOfChargePct { get; set; }

    public double? MinTemperatureC { get; set; }

    public double? MaxTemperatureC { get; set; }

    public double PluggedSeconds { get; set; }

    /// <summary>Mean net power over the time telemetry covered (load convention).</summary>
    public double MeanPowerKw => CoveredSeconds > 0 ? (EnergyImportedKwh - EnergyExportedKwh) * 3600.0 / CoveredSeconds : 0;

    /// <summary>The start of the interval holding <paramref name="timestamp"/>, in UTC: tick arithmetic, as intervals divide hours and hours divide days.</summary>
    public static DateTimeOffset IntervalStartOf(DateTimeOffset timestamp, RollupResolution resolution)
    {
        var ticks = timestamp.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % ((int)resolution * TimeSpan.TicksPerMinute)), TimeSpan.Zero);
    }

    public void Add(in TelemetryMessage message)
    {
        var sum = ToValues().Plus(message);
        EnergyImportedKwh = sum.EnergyImportedKwh;
        EnergyExportedKwh = sum.EnergyExportedKwh;
        SolarEnergyKwh = sum.SolarEnergyKwh;
        CoveredSeconds = sum.CoveredSeconds;
        SampleCount = sum.SampleCount;
        MinStateOfChargePct = NullIfNaN(sum.MinStateOfChargePct);
        MaxStateOfChargePct = NullIfNaN(sum.MaxStateOfChargePct);
        MinTemperatureC = NullIfNaN(sum.MinTemperatureC);
        MaxTemperatureC = NullIfNaN(sum.MaxTemperatureC);
        PluggedSeconds = sum.PluggedSeconds;
    }

    public TelemetryRollup Clone() => (TelemetryRollup)MemberwiseClone();

    /// <summary>The rollup's values as a struct, for stores that keep many of them without an object each.</summary>
    public RollupValues ToValues() => new(
        EnergyImportedKwh, EnergyExportedKwh, SolarEnergyKwh, CoveredSeconds, SampleCount,
        MinStateOfChargePct ?? double.NaN, MaxStateOfChargePct ?? double.NaN, MinTemperatureC ?? double.NaN, MaxTemperatureC ?? double.NaN, PluggedSeconds);

    public static TelemetryRollup FromValues(RollupKey key, in RollupValues v) => new(key.Resolution, key.IntervalStart)
    {
        EnergyImportedKwh = v.EnergyImportedKwh,
        EnergyExportedKwh = v.EnergyExportedKwh,
        SolarEnergyKwh = v.SolarEnergyKwh,
        CoveredSeconds = v.CoveredSeconds,
        SampleCount = v.SampleCount,
        MinStateOfChargePct = NullIfNaN(v.MinStateOfChargePct),
        MaxStateOfChargePct = NullIfNaN(v.MaxStateOfChargePct),
        MinTemperatureC = NullIfNaN(v.MinTemperatureC),
        MaxTemperatureC = NullIfNaN(v.MaxTemperatureC),
        PluggedSeconds = v.PluggedSeconds,
    };

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
