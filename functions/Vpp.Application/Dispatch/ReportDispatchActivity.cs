using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Builds the event's report (<see cref="DispatchReporter"/>); returns the kWh delivered.</summary>
[DurableTask(Name)]
public sealed class ReportDispatchActivity(DispatchReporter reporter) : TaskActivity<DispatchReportRequest, double>
{
    public const string Name = "ReportDispatch";

    public override async Task<double> RunAsync(TaskActivityContext context, DispatchReportRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (await reporter.ReportAsync(input.ProgramId, input.EventId, input.ReleaseWindow, CancellationToken.None)).DeliveredKwh;
    }
}
