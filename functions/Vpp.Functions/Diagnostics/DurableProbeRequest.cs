namespace Vpp.Functions.Diagnostics;

public sealed record DurableProbeRequest(int? DelaySeconds, bool? AwaitsSignal, int? Children);
