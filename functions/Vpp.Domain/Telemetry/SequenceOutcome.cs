namespace Vpp.Domain.Telemetry;

public enum SequenceOutcome
{
    Accepted,
    Duplicate,
    OutsideWindow,
}
