using Microsoft.DurableTask;

namespace Vpp.Application.Participation;

/// <summary>
/// One per opt-out (instance id <see cref="InstanceId"/>): waits, on a durable timer, for the window to end, then
/// clears the ended windows from the device's twin, so the twin holds only what is in force or coming even when the
/// customer changes nothing again (the twin has a size limit; a device reads its windows from it).
/// </summary>
[DurableTask(Name)]
public sealed class OptOutExpiryOrchestrator : TaskOrchestrator<OptOutExpiry, int>
{
    public const string Name = "OptOutExpiry";

    public static string InstanceId(string optOutId) => "optout-" + optOutId;

    public override async Task<int> RunAsync(TaskOrchestrationContext context, OptOutExpiry input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.UntilUtc.UtcDateTime > context.CurrentUtcDateTime)
        {
            await context.CreateTimer(input.UntilUtc.UtcDateTime, CancellationToken.None);
        }

        return await context.CallActivityAsync<int>(ClearEndedOptOutsActivity.Name, input.DeviceId);
    }
}
