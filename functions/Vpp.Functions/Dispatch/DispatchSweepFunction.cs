using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Vpp.Application.Dispatch;

namespace Vpp.Functions.Dispatch;

/// <summary>
/// DispatchSweep: every five minutes, starts the orchestration of any scheduled event that has none (its host died
/// between storing the event and starting it). Starting is idempotent: the instance id is the event's.
/// </summary>
public sealed class DispatchSweepFunction(UnfinishedEvents unfinished, DispatchOrchestrations orchestrations, ILogger<DispatchSweepFunction> logger)
{
    public const string Name = "DispatchSweep";

    [Function(Name)]
    public async Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var started = new List<string>();
        foreach (var dispatchEvent in await unfinished.ListAsync(cancellationToken))
        {
            if (await orchestrations.StartAsync(durable, dispatchEvent, cancellationToken))
            {
                started.Add(dispatchEvent.EventId);
            }
        }

        if (started.Count > 0)
        {
            logger.LogWarning("{Function}: started the orchestrations of {Count} events that had none: {Events}", Name, started.Count, string.Join(", ", started));
        }
    }
}
