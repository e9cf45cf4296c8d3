namespace Vpp.Domain.Settlement;

/// <summary>Where a settlement run is: computing its statements, drafted for approval, approved (immutable from here), rejected (recomputed as a new version), paid out, completed with its exports; or failed while computing (recomputed likewise).</summary>
public enum SettlementRunStatus
{
    Computing,
    Draft,
    Approved,
    Rejected,
    PaidOut,
    Completed,

    /// <summary>A step of computing it failed for good: a new version may be computed, as after a rejection.</summary>
    Failed,
}
