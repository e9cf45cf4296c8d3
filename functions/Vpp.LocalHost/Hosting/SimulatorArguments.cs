namespace Vpp.LocalHost.Hosting;

public sealed record SimulatorArguments(int Devices, int IntervalSeconds, int Seed);
