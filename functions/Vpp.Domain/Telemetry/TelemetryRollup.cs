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

    public static DateTimeOffset IntervalStartOf(DateTimeOffset timestamp, RollupResolution resolution)
    {
        var utc = timestamp.UtcDateTime;
        var minutes = (int)resolution;
        var start = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute / minutes * minutes, 0, DateTimeKind.Utc);
        return new DateTimeOffset(start);
    }

    public void Add(TelemetryMessage message)
    {
        EnergyImportedKwh += message.EnergyImportedKwh;
        EnergyExportedKwh += message.EnergyExportedKwh;
        SolarEnergyKwh += (message.SolarKw ?? 0) * message.IntervalSeconds / 3600.0;
        CoveredSeconds += message.IntervalSeconds;
        SampleCount++;
        if (message.Plugged == true)
        {
            PluggedSeconds += message.IntervalSeconds;
        }

        if (message.StateOfChargePct is { } soc)
        {
            MinStateOfChargePct = Math.Min(MinStateOfChargePct ?? soc, soc);
            MaxStateOfChargePct = Math.Max(MaxStateOfChargePct ?? soc, soc);
        }

        if ((message.TankTemperatureC ?? message.IndoorTemperatureC) is { } temperature)
        {
            MinTemperatureC = Math.Min(MinTemperatureC ?? temperature, temperature);
            MaxTemperatureC = Math.Max(MaxTemperatureC ?? temperature, temperature);
        }
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
