using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>Each event's current plan and every device's part in it (settlement and the customer's view read them too).</summary>
public interface IDispatchPlanStore
{
    /// <summary>
    /// Replaces the event's plan, parts and customers with these (a device or customer no longer in the plan is removed),
    /// unless a stored part carries a change these would drop (<see cref="DispatchAssignment.KeepsChanges"/>: an opt-out,
    /// override, early release or correction another writer recorded after the plan read its parts): then the plan is not
    /// saved and the answer is false. Each part is written only over the part the check read, so a change that lands in
    /// between is seen too; parts written before it was seen stay replaced (each was in control, and still is), the plan
    /// row does not.
    /// </summary>
    Task<bool> SaveAsync(DispatchPlan plan, IReadOnlyList<DispatchAssignment> assignments, IReadOnlyList<DispatchCustomer> customers, CancellationToken cancellationToken);

    Task<DispatchPlan?> FindAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Every device's part, ordered by device id.</summary>
    Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>The parts of devices with ids in [<paramref name="fromDeviceId"/>, <paramref name="untilDeviceId"/>) (to the end when none): one batch.</summary>
    Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, string fromDeviceId, string? untilDeviceId, CancellationToken cancellationToken);

    /// <summary>The plan's customers with ids in [<paramref name="fromCustomerId"/>, <paramref name="untilCustomerId"/>) (to the end when none).</summary>
    Task<IReadOnlyList<DispatchCustomer>> ListCustomersAsync(string eventId, string fromCustomerId, string? untilCustomerId, CancellationToken cancellationToken);

    Task<DispatchAssignment?> FindAssignmentAsync(string eventId, string deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Changes parts as they are stored now (an opt-out, an override, an early release, a deepened plan):
    /// <paramref name="change"/> is given each named device's current part and returns it changed, or null to leave it.
    /// A part another writer changed between this read and this write is read and changed again, so no writer undoes
    /// another's change (a late or repeated activity included). Returns the named parts as stored afterwards; devices
    /// not in the plan are left out.
    /// </summary>
    Task<IReadOnlyList<DispatchAssignment>> ChangeAsync(string eventId, IReadOnlyCollection<string> deviceIds, Func<DispatchAssignment, DispatchAssignment?> change, CancellationToken cancellationToken);
}
