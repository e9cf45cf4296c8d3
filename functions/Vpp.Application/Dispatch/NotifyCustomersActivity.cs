using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Notifies one batch of the event's customers (<see cref="CustomerNotifier"/>).</summary>
[DurableTask(Name)]
public sealed class NotifyCustomersActivity(CustomerNotifier notifier) : TaskActivity<NotificationBatch, int>
{
    public const string Name = "NotifyCustomers";

    public override Task<int> RunAsync(TaskActivityContext context, NotificationBatch input) => notifier.NotifyAsync(input, CancellationToken.None);
}
