namespace Vpp.Domain.Settlement;

/// <summary>What a statement line pays or takes back.</summary>
public enum StatementLineKind
{
    Capacity,
    Energy,
    Clawback,
    Cap,

    /// <summary>A correction of an approved month, carried in a later run: approved runs are never edited.</summary>
    Adjustment,
}
