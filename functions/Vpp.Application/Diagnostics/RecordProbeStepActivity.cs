using Microsoft.DurableTask;

namespace Vpp.Application.Diagnostics;

/// <summary>A probe's side effect: records its step in the ledger, once however often it runs.</summary>
[DurableTask(Name)]
public sealed class RecordProbeStepActivity(IProbeLedger ledger) : TaskActivity<ProbeStep, bool>
{
    public const string Name = "RecordProbeStep";

    public override Task<bool> RunAsync(TaskActivityContext context, ProbeStep input) => ledger.RecordAsync(input, CancellationToken.None);
}
