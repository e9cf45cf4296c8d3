using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Vpp.Application.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>
/// SettlementStart: every hour, starts the run of last month for each program with terms once the month has been over
/// <c>Settlement:StartDaysAfterMonthEnd</c> days (late telemetry has come in) and it has no run yet.
/// </summary>
public sealed partial class SettlementStartFunction(SettlementRunService settlement, TimeProvider clock, ILogger<SettlementStartFunction> logger)
{
    public const string Name = "SettlementStart";

    [Function(Name)]
    public async Task Run([TimerTrigger("0 20 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        foreach (var request in await settlement.DueAsync(clock.GetUtcNow(), cancellationToken))
        {
            if (await SettlementOrchestrations.StartAsync(durable, request, cancellationToken))
            {
                LogStarted(request.InstanceId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SettlementStart: started settlement run {InstanceId}")]
    private partial void LogStarted(string instanceId);
}
