using System.Collections.Concurrent;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.TestSupport.Memory;

/// <summary>Event plans in memory, ordered and ranged by id as the table store is.</summary>
public sealed class InMemoryDispatchPlanStore : IDispatchPlanStore
{
    private readonly ConcurrentDictionary<string, DispatchPlan> plans = new();
    private readonly ConcurrentDictionary<string, SortedDictionary<string, DispatchAssignment>> parts = new();
    private readonly ConcurrentDictionary<string, SortedDictionary<string, DispatchCustomer>> customerRows = new();

    /// <summary>As the table store: refused when a stored part carries a change the new parts would drop.</summary>
    public Task<bool> SaveAsync(DispatchPlan plan, IReadOnlyList<DispatchAssignment> assignments, IReadOnlyList<DispatchCustomer> customers, CancellationToken cancellationToken)
    {
        var written = assignments.ToDictionary(a => a.DeviceId, StringComparer.Ordinal);
        lock (parts)
        {
            if ((parts.GetValueOrDefault(plan.EventId) ?? []).Any(stored => !DispatchAssignment.KeepsChanges(stored.Value, written.GetValueOrDefault(stored.Key))))
            {
                return Task.FromResult(false);
            }

            parts[plan.EventId] = new(written, StringComparer.Ordinal);
            customerRows[plan.EventId] = new(customers.ToDictionary(c => c.CustomerId, StringComparer.Ordinal), StringComparer.Ordinal);
            plans[plan.EventId] = plan;
        }

        return Task.FromResult(true);
    }

    public Task<DispatchPlan?> FindAsync(string eventId, CancellationToken cancellationToken) => Task.FromResult(plans.GetValueOrDefault(eventId));

    public Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DispatchAssignment>>(Snapshot(parts, eventId, null, null));

    public Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, string fromDeviceId, string? untilDeviceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DispatchAssignment>>(Snapshot(parts, eventId, fromDeviceId, untilDeviceId));

    public Task<IReadOnlyList<DispatchCustomer>> ListCustomersAsync(string eventId, string fromCustomerId, string? untilCustomerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DispatchCustomer>>(Snapshot(customerRows, eventId, fromCustomerId, untilCustomerId));

    public Task<DispatchAssignment?> FindAssignmentAsync(string eventId, string deviceId, CancellationToken cancellationToken) => Task.FromResult(Find(eventId, deviceId));

    /// <summary>Puts parts in an event's plan as they are, as a test arranges them.</summary>
    public void AddParts(string eventId, IEnumerable<DispatchAssignment> assignments)
    {
        lock (parts)
        {
            var stored = parts.GetOrAdd(eventId, _ => new(StringComparer.Ordinal));
            foreach (var assignment in assignments)
            {
                stored[assignment.DeviceId] = assignment;
            }
        }
    }

    /// <summary>As the table store: the change runs outside the lock and is written only over the part it was given.</summary>
    public Task<IReadOnlyList<DispatchAssignment>> ChangeAsync(string eventId, IReadOnlyCollection<string> deviceIds, Func<DispatchAssignment, DispatchAssignment?> change, CancellationToken cancellationToken)
    {
        var after = new SortedDictionary<string, DispatchAssignment>(StringComparer.Ordinal);
        foreach (var deviceId in deviceIds)
        {
            while (Find(eventId, deviceId) is { } read)
            {
                var changed = change(read);
                lock (parts)
                {
                    var stored = parts[eventId];
                    if (stored.TryGetValue(deviceId, out var current) && ReferenceEquals(current, read))
                    {
                        after[deviceId] = stored[deviceId] = changed ?? read;
                        break;
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<DispatchAssignment>>([.. after.Values]);
    }

    private DispatchAssignment? Find(string eventId, string deviceId)
    {
        lock (parts)
        {
            return parts.GetValueOrDefault(eventId)?.GetValueOrDefault(deviceId);
        }
    }

    private List<T> Snapshot<T>(ConcurrentDictionary<string, SortedDictionary<string, T>> rows, string eventId, string? from, string? until)
    {
        lock (parts)
        {
            return [.. (rows.GetValueOrDefault(eventId) ?? []).Where(r => (from is null || string.CompareOrdinal(r.Key, from) >= 0) && (until is null || string.CompareOrdinal(r.Key, until) < 0)).Select(r => r.Value)];
        }
    }
}
