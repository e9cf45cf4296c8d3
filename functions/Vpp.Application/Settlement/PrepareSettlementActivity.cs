using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Freezes a run's inputs per batch and records it as computing (<see cref="SettlementRunSteps.PrepareAsync"/>).</summary>
[DurableTask(Name)]
public sealed class PrepareSettlementActivity(SettlementRunSteps steps) : TaskActivity<SettlementRunRequest, SettlementPreparation>
{
    public const string Name = "PrepareSettlement";

    public override Task<SettlementPreparation> RunAsync(TaskActivityContext context, SettlementRunRequest input) => steps.PrepareAsync(input, CancellationToken.None);
}
