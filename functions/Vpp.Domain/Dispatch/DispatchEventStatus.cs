namespace Vpp.Domain.Dispatch;

/// <summary>
/// Where an event stands: proposed → scheduled → notified → preconditioning → active → restoring → completed, or
/// cancelled or failed (<see cref="DispatchEvent"/> guards which moves are allowed).
/// </summary>
public enum DispatchEventStatus
{
    Proposed,
    Scheduled,
    Notified,
    Preconditioning,
    Active,
    Restoring,
    Completed,
    Cancelled,
    Failed,
}
