namespace Vpp.Domain.Dispatch;

/// <summary>A device's part in an event: commanded at the start, or held back to cover a shortfall.</summary>
public enum DispatchRole
{
    Participant,
    Reserve,
}
