namespace Vpp.LocalHost.Hosting;

/// <summary>How the local runner starts device-sim. <see cref="MaxSpeed"/> runs simulated time as fast as the hub accepts.</summary>
public sealed record SimulatorArguments(int Devices, int IntervalSeconds, int Seed)
{
    public bool MaxSpeed { get; init; }

    public double? DurationSeconds { get; init; }

    public bool FollowDesired { get; init; } = true;
}
