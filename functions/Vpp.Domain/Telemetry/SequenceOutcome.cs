namespace Vpp.Domain.Telemetry;

public enum SequenceOutcome
{
    Accepted,

    /// <summary>Counted, and the device's sequence counter had started again (<see cref="DeviceSequence"/>).</summary>
    AcceptedAfterCounterReset,
    Duplicate,
    OutsideWindow,

    /// <summary>A new sequence number whose span of time overlaps time already counted for the device (<see cref="CountedTime"/>).</summary>
    OverlapsCountedTime,
}
