using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Measures one minute of the event's delivery (<see cref="DeliveryMonitor"/>).</summary>
[DurableTask(Name)]
public sealed class MeasureDeliveryActivity(DeliveryMonitor monitor) : TaskActivity<DeliveryMeasurement, DeliveryMinute>
{
    public const string Name = "MeasureDelivery";

    public override Task<DeliveryMinute> RunAsync(TaskActivityContext context, DeliveryMeasurement input) => monitor.MeasureAsync(input, CancellationToken.None);
}
