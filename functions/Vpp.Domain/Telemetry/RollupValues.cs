namespace Vpp.Domain.Telemetry;

/// <summary>
/// The summed values of one rollup without identity (see <see cref="TelemetryRollup"/>), compact for stores that
/// keep many: an absent minimum or maximum is NaN.
/// </summary>
public readonly record struct RollupValues(
    double EnergyImportedKwh,
    double EnergyExportedKwh,
    double SolarEnergyKwh,
    double CoveredSeconds,
    long SampleCount,
    double MinStateOfChargePct,
    double MaxStateOfChargePct,
    double MinTemperatureC,
    double MaxTemperatureC,
    double PluggedSeconds = 0)
{
    /// <summary>A rollup no message has reached yet.</summary>
    public static RollupValues Empty => new(0, 0, 0, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>These values with one more message counted: what the message adds to the interval that holds its timestamp.</summary>
    public RollupValues Plus(in TelemetryMessage message)
    {
        var seconds = message.IntervalSeconds;
        var soc = message.StateOfChargePct ?? double.NaN;
        var temperature = message.TankTemperatureC ?? message.IndoorTemperatureC ?? double.NaN;
        return new RollupValues(
            EnergyImportedKwh + message.EnergyImportedKwh,
            EnergyExportedKwh + message.EnergyExportedKwh,
            SolarEnergyKwh + ((message.SolarKw ?? 0) * seconds / 3600.0),
            CoveredSeconds + seconds,
            SampleCount + 1,
            MinOf(MinStateOfChargePct, soc),
            MaxOf(MaxStateOfChargePct, soc),
            MinOf(MinTemperatureC, temperature),
            MaxOf(MaxTemperatureC, temperature),
            PluggedSeconds + (message.Plugged == true ? seconds : 0));
    }

    // NaN is "none yet" on either side: Math.Min would let it win.
    private static double MinOf(double kept, double value) => double.IsNaN(kept) ? value : double.IsNaN(value) ? kept : Math.Min(kept, value);

    private static double MaxOf(double kept, double value) => double.IsNaN(kept) ? value : double.IsNaN(value) ? kept : Math.Max(kept, value);
}
