using System.Collections.Concurrent;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.TestSupport.Memory;

/// <summary>Twin commands in memory: intended, then sent.</summary>
public sealed class InMemoryDeviceCommandLedger : IDeviceCommandLedger
{
    private readonly ConcurrentDictionary<(string EventId, DispatchStep Step, string DeviceId), bool> commands = new();

    public Task<IReadOnlyDictionary<string, bool>> FindAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, bool>>(deviceIds.Where(id => commands.ContainsKey((eventId, commandStep, id)))
            .ToDictionary(id => id, id => commands[(eventId, commandStep, id)], StringComparer.Ordinal));

    public Task RecordIntendedAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        foreach (var id in deviceIds)
        {
            commands[(eventId, commandStep, id)] = false;
        }

        return Task.CompletedTask;
    }

    public Task RecordSentAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        foreach (var id in deviceIds)
        {
            commands[(eventId, commandStep, id)] = true;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> SentAsync(string eventId, DispatchStep commandStep, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(commands.Where(c => c.Key.EventId == eventId && c.Key.Step == commandStep && c.Value).Select(c => c.Key.DeviceId).ToHashSet(StringComparer.Ordinal));
}
