namespace Vpp.Functions.Settlement;

/// <summary>A decision on a draft: the version decided (the one the manager read) and why; a rejection needs its reason.</summary>
public sealed record SettlementDecisionBody(int? Version, string? Reason);
