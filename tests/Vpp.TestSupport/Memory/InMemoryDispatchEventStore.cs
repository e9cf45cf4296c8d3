using System.Collections.Concurrent;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.TestSupport.Memory;

/// <summary>Dispatch events in memory, replaced only while the history is as it was read, as the table store does.</summary>
public sealed class InMemoryDispatchEventStore : IDispatchEventStore
{
    private readonly ConcurrentDictionary<(string ProgramId, string EventId), DispatchEvent> events = new();

    public Task<bool> AddAsync(DispatchEvent created, CancellationToken cancellationToken) =>
        Task.FromResult(events.TryAdd((created.ProgramId, created.EventId), created));

    public Task<bool> ReplaceAsync(DispatchEvent read, DispatchEvent changed, CancellationToken cancellationToken) =>
        Task.FromResult(events.TryGetValue((read.ProgramId, read.EventId), out var stored) && stored.History.Count == read.History.Count
            && events.TryUpdate((read.ProgramId, read.EventId), changed, stored));

    public Task<DispatchEvent?> FindAsync(string programId, string eventId, CancellationToken cancellationToken) =>
        Task.FromResult(events.GetValueOrDefault((programId, eventId)));

    public Task<IReadOnlyList<DispatchEvent>> ListStartingAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DispatchEvent>>([.. events.Values.Where(e => e.ProgramId == programId && e.StartUtc >= fromUtc && e.StartUtc < toUtc).OrderBy(e => e.StartUtc)]);
}
