namespace Vpp.Application.Diagnostics;

/// <summary>One side effect of a probe: the step it records.</summary>
public sealed record ProbeStep(string ProbeId, string Step)
{
    public const string Started = "started";
    public const string Finished = "finished";
}
