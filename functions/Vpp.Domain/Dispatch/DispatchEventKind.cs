namespace Vpp.Domain.Dispatch;

/// <summary>What an event asks of the fleet: less load, more load (soak up midday solar), or a fast frequency response.</summary>
public enum DispatchEventKind
{
    Reduce,
    Increase,
    Frequency,
}
