using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Durable;

namespace Vpp.Functions.Dispatch;

/// <summary>
/// Starts an event's orchestration (instance id = event id) and wakes it when the event changes. The store is the
/// truth: a signal that cannot be raised (no instance yet, or one already finished) loses nothing, since the
/// orchestration reads the event at each step. Devices are released within <paramref name="releaseWindow"/>
/// (<see cref="ReleaseWindowSetting"/>, default 90 minutes).
/// </summary>
public sealed class DispatchOrchestrations(DispatchTimeline timeline, TimeSpan releaseWindow)
{
    public const string ReleaseWindowSetting = "Dispatch:ReleaseWindowMinutes";

    /// <summary>What <see cref="ReleaseWindowSetting"/> may be.</summary>
    public const string ReleaseWindowRule = "0 to 240 minutes";

    private const double MaxReleaseWindowMinutes = 240;

    /// <summary>The configured release window, or the default when none is set; null when the setting breaks <see cref="ReleaseWindowRule"/>.</summary>
    public static TimeSpan? ReleaseWindowOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetValue<double?>(ReleaseWindowSetting) switch
        {
            null => ReleaseSchedule.DefaultWindow,
            >= 0 and <= MaxReleaseWindowMinutes and var minutes => TimeSpan.FromMinutes(minutes),
            _ => null,
        };
    }

    /// <summary>Starts the event's orchestration unless it has one; returns whether it started it.</summary>
    public async Task<bool> StartAsync(DurableTaskClient durable, DispatchEvent dispatchEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(dispatchEvent);
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
