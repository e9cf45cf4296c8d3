namespace Vpp.Domain.Settlement;

/// <summary>What a statement line pays or takes back.</summary>
public enum StatementLineKind
{
    Capacity,
    Energy,
    Clawback,
    Cap,
}
