using Vpp.Domain.Telemetry;

namespace Vpp.Application.Devices;

/// <summary>A rollup as the API shows it.</summary>
public sealed record RollupView(
    DateTimeOffset IntervalStart,
    double EnergyImportedKwh,
    double EnergyExportedKwh,
    double MeanPowerKw,
    double SolarEnergyKwh,
    long SampleCount,
    double? MinStateOfChargePct,
    double? MaxStateOfChargePct,
    double? MinTemperatureC,
    double? MaxTemperatureC,
    double PluggedSeconds)
{
    public static RollupView From(TelemetryRollup r) => new(
        r.IntervalStart,
        Math.Round(r.EnergyImportedKwh, 6),
        Math.Round(r.EnergyExportedKwh, 6),
        Math.Round(r.MeanPowerKw, 4),
        Math.Round(r.SolarEnergyKwh, 6),
        r.SampleCount,
        r.MinStateOfChargePct,
        r.MaxStateOfChargePct,
        r.MinTemperatureC,
        r.MaxTemperatureC,
        r.PluggedSeconds);
}
