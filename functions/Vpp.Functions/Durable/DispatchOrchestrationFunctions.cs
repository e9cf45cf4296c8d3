using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.Functions.Durable;

/// <summary>Durable Functions wrappers of <see cref="DispatchEventOrchestrator"/> and its activities.</summary>
public sealed class DispatchOrchestrationFunctions(
    AdvanceDispatchEventActivity advance,
    PlanDispatchActivity plan,
    NotifyCustomersActivity notify,
    CommandDevicesActivity command,
    MeasureDeliveryActivity measure,
    CorrectShortfallActivity correct,
    ReleaseSurplusActivity release,
    ReportDispatchActivity report)
{
    [Function(DispatchEventOrchestrator.Name)]
    public static Task<string> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DispatchEventOrchestrator().RunAsync(context, context.GetInput<DispatchRun>()!);
    }

    [Function(AdvanceDispatchEventActivity.Name)]
    public Task<DispatchEvent?> Advance([ActivityTrigger] DispatchAdvance input, FunctionContext invocation) =>
        advance.RunAsync(new FunctionActivityContext(AdvanceDispatchEventActivity.Name, invocation), input);

    [Function(PlanDispatchActivity.Name)]
    public Task<DispatchPlan> Plan([ActivityTrigger] DispatchPlanRequest input, FunctionContext invocation) =>
        plan.RunAsync(new FunctionActivityContext(PlanDispatchActivity.Name, invocation), input);

    [Function(NotifyCustomersActivity.Name)]
    public Task<int> Notify([ActivityTrigger] NotificationBatch input, FunctionContext invocation) =>
        notify.RunAsync(new FunctionActivityContext(NotifyCustomersActivity.Name, invocation), input);

    [Function(CommandDevicesActivity.Name)]
    public Task<DispatchCommandResult> Command([ActivityTrigger] DeviceCommandBatch input, FunctionContext invocation) =>
        command.RunAsync(new FunctionActivityContext(CommandDevicesActivity.Name, invocation), input);

    [Function(MeasureDeliveryActivity.Name)]
    public Task<DeliveryMinute> Measure([ActivityTrigger] DeliveryMeasurement input, FunctionContext invocation) =>
        measure.RunAsync(new FunctionActivityContext(MeasureDeliveryActivity.Name, invocation), input);

    [Function(CorrectShortfallActivity.Name)]
    public Task<double> Correct([ActivityTrigger] ShortfallCorrection input, FunctionContext invocation) =>
        correct.RunAsync(new FunctionActivityContext(CorrectShortfallActivity.Name, invocation), input);

    [Function(ReleaseSurplusActivity.Name)]
    public Task<int> Release([ActivityTrigger] SurplusReleaseRequest input, FunctionContext invocation) =>
        release.RunAsync(new FunctionActivityContext(ReleaseSurplusActivity.Name, invocation), input);

    [Function(ReportDispatchActivity.Name)]
    public Task<double> Report([ActivityTrigger] DispatchReportRequest input, FunctionContext invocation) =>
        report.RunAsync(new FunctionActivityContext(ReportDispatchActivity.Name, invocation), input);
}
