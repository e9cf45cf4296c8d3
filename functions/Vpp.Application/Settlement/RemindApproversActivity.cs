using Microsoft.DurableTask;

namespace Vpp.Application.Settlement;

/// <summary>Reminds a draft's managers that it still waits for them.</summary>
[DurableTask(Name)]
public sealed class RemindApproversActivity(SettlementRunSteps steps) : TaskActivity<SettlementRunRequest, bool>
{
    public const string Name = "RemindApprovers";

    public override async Task<bool> RunAsync(TaskActivityContext context, SettlementRunRequest input)
    {
        await steps.RemindAsync(input, CancellationToken.None);
        return true;
    }
}
