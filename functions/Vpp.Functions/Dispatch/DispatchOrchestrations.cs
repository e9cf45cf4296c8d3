using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Durable;

namespace Vpp.Functions.Dispatch;

/// <summary>
/// Starts an event's orchestration (instance id = event id) and wakes it when the event changes. The store is the
/// truth: a signal that cannot be raised (no instance yet, or one already finished) loses nothing, since the
/// orchestration reads the event at each step. Devices are released within <c>Dispatch:ReleaseWindowMinutes</c> (default 90).
/// </summary>
public sealed class DispatchOrchestrations(DispatchTimeline timeline, IConfiguration configuration)
{
    /// <summary>Starts the event's orchestration unless it has one; returns whether it started it.</summary>
    public async Task<bool> StartAsync(DurableTaskClient durable, DispatchEvent dispatchEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(dispatchEvent);
        var releaseWindow = configuration.GetValue<double?>("Dispatch:ReleaseWindowMinutes") is { } minutes and >= 0 and <= 240 ? TimeSpan.FromMinutes(minutes) : ReleaseSchedule.DefaultWindow;
        return await OrchestrationStarts.StartOnceAsync(durable, DispatchEventOrchestrator.Name,
            DispatchRun.For(dispatchEvent.ProgramId, dispatchEvent.EventId, timeline) with { ReleaseWindow = releaseWindow }, dispatchEvent.EventId, cancellationToken);
    }

    public static async Task SignalAsync(DurableTaskClient durable, string eventId, DispatchEventSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(signal);
        if (await durable.GetInstanceAsync(eventId, cancellationToken) is { IsRunning: true })
        {
            await durable.RaiseEventAsync(eventId, DispatchEventSignal.EventName, signal, cancellationToken);
        }
    }
}
