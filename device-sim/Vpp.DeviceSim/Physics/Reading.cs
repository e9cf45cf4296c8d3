namespace Vpp.DeviceSim.Physics;

/// <summary>What a device measured over one interval (device power: consumption positive).</summary>
public sealed record Reading(double PowerKw)
{
    public double? SolarKw { get; init; }

    public double? SiteNetKw { get; init; }

    public double? StateOfChargePct { get; init; }

    public bool? Plugged { get; init; }

    public double? SessionEnergyKwh { get; init; }

    public double? TankTemperatureC { get; init; }

    public double? IndoorTemperatureC { get; init; }

    public double? SetpointC { get; init; }
}
