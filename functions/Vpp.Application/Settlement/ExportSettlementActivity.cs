using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Writes the run's finance exports; returns how many files.</summary>
[DurableTask(Name)]
public sealed class ExportSettlementActivity(SettlementRunSteps steps) : TaskActivity<SettlementRunRequest, int>
{
    public const string Name = "ExportSettlement";

    public override Task<int> RunAsync(TaskActivityContext context, SettlementRunRequest input) => steps.ExportAsync(input, CancellationToken.None);
}
