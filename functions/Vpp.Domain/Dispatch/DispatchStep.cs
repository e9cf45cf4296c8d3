namespace Vpp.Domain.Dispatch;

/// <summary>
/// What one command to a device does in an event: pre-condition it before the start, shed (or add) load from the start,
/// deepen a device already shedding to its limit when delivery falls short, or restore it at its release time. A device
/// gets each step at most once per event: the step is part of the command's idempotency key.
/// </summary>
public enum DispatchStep
{
    Precondition,
    Shed,
    Deepen,
    Restore,
}
