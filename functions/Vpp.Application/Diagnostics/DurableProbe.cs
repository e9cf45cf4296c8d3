namespace Vpp.Application.Diagnostics;

/// <summary>
/// A probe through the durable stack: <see cref="Delay"/> is the durable timer it waits on; with
/// <see cref="AwaitsSignal"/> it also waits for the external event <see cref="DurableProbeOrchestrator.SignalEvent"/>;
/// with <see cref="Children"/> it fans out that many child probes as sub-orchestrations (as events fan out per batch).
/// </summary>
public sealed record DurableProbe(string ProbeId, TimeSpan Delay, bool AwaitsSignal, int Children = 0)
{
    public const int MaxChildren = 100;
}
