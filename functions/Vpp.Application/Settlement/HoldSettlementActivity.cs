using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Records that an approved run's step failed for good and holds the run until a person resumes it.</summary>
[DurableTask(Name)]
public sealed class HoldSettlementActivity(SettlementRunSteps steps) : TaskActivity<SettlementHold, bool>
{
    public const string Name = "HoldSettlement";

    public override async Task<bool> RunAsync(TaskActivityContext context, SettlementHold input)
    {
        await steps.HoldAsync(input, CancellationToken.None);
        return true;
    }
}
