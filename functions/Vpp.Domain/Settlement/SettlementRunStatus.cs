namespace Vpp.Domain.Settlement;

/// <summary>Where a settlement run is: computing its statements, drafted for approval, approved (immutable from here), rejected (recomputed as a new version), paid out, completed with its exports.</summary>
public enum SettlementRunStatus
{
    Computing,
    Draft,
    Approved,
    Rejected,
    PaidOut,
    Completed,
}
