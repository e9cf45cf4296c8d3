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
    double PluggedSeconds = 0);
