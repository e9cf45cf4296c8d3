using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>Each event's current plan and every device's part in it (settlement and the customer's view read them too).</summary>
public interface IDispatchPlanStore
{
    /// <summary>Replaces the event's plan and parts with these; a device no longer in the plan loses its part.</summary>
    Task SaveAsync(DispatchPlan plan, IReadOnlyList<DispatchAssignment> assignments, CancellationToken cancellationToken);

    Task<DispatchPlan?> FindAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Every device's part, ordered by device id (batches are slices of this order).</summary>
    Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, CancellationToken cancellationToken);

    Task<DispatchAssignment?> FindAssignmentAsync(string eventId, string deviceId, CancellationToken cancellationToken);

    /// <summary>Stores changed parts (an opt-out, an override, a deepened plan).</summary>
    Task UpdateAsync(string eventId, IReadOnlyList<DispatchAssignment> assignments, CancellationToken cancellationToken);
}
