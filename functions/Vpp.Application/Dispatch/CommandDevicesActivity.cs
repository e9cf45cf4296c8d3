using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Commands one batch of the event's devices for a step (<see cref="DispatchCommander"/>).</summary>
[DurableTask(Name)]
public sealed class CommandDevicesActivity(DispatchCommander commander) : TaskActivity<DeviceCommandBatch, DispatchCommandResult>
{
    public const string Name = "CommandDevices";

    public override Task<DispatchCommandResult> RunAsync(TaskActivityContext context, DeviceCommandBatch input) => commander.CommandAsync(input, CancellationToken.None);
}
