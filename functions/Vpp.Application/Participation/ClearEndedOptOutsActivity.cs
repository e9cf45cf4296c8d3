using Microsoft.DurableTask;

namespace Vpp.Application.Participation;

/// <summary>Clears a device's ended opt-out windows from its twin; returns how many it cleared. Safe to run again.</summary>
[DurableTask(Name)]
public sealed class ClearEndedOptOutsActivity(OptOutService optOuts) : TaskActivity<string, int>
{
    public const string Name = "ClearEndedOptOuts";

    public override Task<int> RunAsync(TaskActivityContext context, string input) => optOuts.ClearEndedAsync(input, CancellationToken.None);
}
