namespace Vpp.Domain.Settlement;

/// <summary>A move of a settlement run: to what, when, by whom, and why.</summary>
public sealed record SettlementTransition(SettlementRunStatus To, DateTimeOffset AtUtc, string By, string Cause);
