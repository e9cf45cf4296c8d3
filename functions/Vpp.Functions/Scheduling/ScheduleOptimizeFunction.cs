using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vpp.Application.Scheduling;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Scheduling;

/// <summary>ScheduleOptimize: every 15 minutes; plans each program's next 24 hours (and tomorrow, once a day).</summary>
public sealed class ScheduleOptimizeFunction(ScheduleService schedules, ILogger<ScheduleOptimizeFunction> logger)
{
    public const string Name = "ScheduleOptimize";

    [Function(Name)]
    public async Task Run([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        ProgramSweepOutcome.Report(await schedules.OptimizeAllAsync(cancellationToken), Name, "planned", logger);
}
