namespace Vpp.Application.Settlement;

/// <summary>A program manager's decision on a draft, raised to its orchestration once the store records it (the store is the truth).</summary>
public sealed record SettlementDecision(bool Approved, string By)
{
    public const string EventName = "SettlementDecision";
}
