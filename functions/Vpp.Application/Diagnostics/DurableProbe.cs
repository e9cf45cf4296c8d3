namespace Vpp.Application.Diagnostics;

/// <summary>
/// A probe through the durable stack: <see cref="Delay"/> is the durable timer it waits on; with
/// <see cref="AwaitsSignal"/> it also waits for the external event <see cref="DurableProbeOrchestrator.SignalEvent"/>.
/// </summary>
public sealed record DurableProbe(string ProbeId, TimeSpan Delay, bool AwaitsSignal);
