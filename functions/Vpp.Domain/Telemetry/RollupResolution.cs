namespace Vpp.Domain.Telemetry;

/// <summary>The two rollup grains: one minute for near-real-time views, fifteen minutes for settlement.</summary>
public enum RollupResolution
{
    OneMinute = 1,
    FifteenMinutes = 15,
}
