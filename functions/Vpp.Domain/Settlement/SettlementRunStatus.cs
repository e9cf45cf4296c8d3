namespace Vpp.Domain.Settlement;

/// <summary>Where a settlement run is: drafted for approval, approved (immutable from here), rejected (recomputed as a new version), paid out, completed with its exports.</summary>
public enum SettlementRunStatus
{
    Draft,
    Approved,
    Rejected,
    PaidOut,
    Completed,
}
