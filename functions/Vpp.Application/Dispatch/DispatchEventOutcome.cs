namespace Vpp.Application.Dispatch;

public enum DispatchEventOutcome
{
    Done,
    ProgramNotFound,
    EventNotFound,

    /// <summary>A field is wrong (<see cref="DispatchEventResult.Errors"/>).</summary>
    Invalid,

    /// <summary>The program's rules refuse it (<see cref="DispatchEventResult.Violations"/> name each rule).</summary>
    BreaksRules,

    /// <summary>The event's state does not allow it (<see cref="DispatchEventResult.Refusal"/>), or another change came first.</summary>
    Conflict,
}
